// The report form, improved: it works without this script (the browser posts it and gets a receipt page);
// with it, the form is sent in the background, problems are shown beside their fields and what was typed stays,
// and the tracking code is shown with a copy button.
"use strict";
(function () {
  const form = document.getElementById("report-form");
  if (!form || !window.fetch || !window.FormData) return;
  const summary = document.getElementById("form-summary");
  const receipt = document.getElementById("receipt");
  const classSelect = document.getElementById("incident_class");
  const typeSelect = document.getElementById("incident_type");
  const submit = form.querySelector('button[type="submit"]');
  const submitLabel = submit.textContent;

  // Offer only the types of the chosen class.
  function filterTypes() {
    const chosen = classSelect.value;
    for (const group of typeSelect.querySelectorAll("optgroup")) {
      const match = !chosen || group.dataset.class === chosen;
      group.hidden = !match;
      group.disabled = !match;
    }
    const selected = typeSelect.selectedOptions[0];
    if (selected && selected.parentElement.tagName === "OPTGROUP" && selected.parentElement.disabled) {
      typeSelect.value = "";
    }
  }
  classSelect.addEventListener("change", filterTypes);
  filterTypes();

  function clearErrors() {
    summary.hidden = true;
    summary.textContent = "";
    for (const error of form.querySelectorAll(".field-error")) {
      error.hidden = true;
      error.textContent = "";
    }
    for (const field of form.querySelectorAll("[aria-invalid]")) field.removeAttribute("aria-invalid");
  }

  function showErrors(message, errors) {
    summary.textContent = "";
    const heading = document.createElement("p");
    heading.textContent = message;
    summary.appendChild(heading);
    const list = document.createElement("ul");
    // In the order the fields stand in the form; problems without a field of their own come last.
    const position = function (name) {
      const field = document.getElementById(name);
      return field ? Array.prototype.indexOf.call(form.elements, field) : Number.MAX_SAFE_INTEGER;
    };
    const entries = Object.entries(errors || {}).sort(function (a, b) { return position(a[0]) - position(b[0]); });
    for (const [name, text] of entries) {
      const slot = document.getElementById(name + "-error");
      const input = document.getElementById(name);
      if (slot) {
        slot.textContent = text;
        slot.hidden = false;
      }
      if (input) input.setAttribute("aria-invalid", "true");
      const item = document.createElement("li");
      const label = input ? form.querySelector('label[for="' + name + '"]') : null;
      if (input) {
        const link = document.createElement("a");
        link.href = "#" + name;
        const shown = label ? label.textContent.replace(/\s*\(.*\)\s*$/, "").trim() : name;
        // "Apa yang terjadi? Wajib diisi.", not "Apa yang terjadi?: Wajib diisi."
        link.textContent = shown + (/[?.!:]$/.test(shown) ? " " : ": ") + text;
        item.appendChild(link);
      } else {
        item.textContent = text;
      }
      list.appendChild(item);
    }
    if (list.children.length) summary.appendChild(list);
    summary.hidden = false;
    summary.focus();
  }

  function showReceipt(code, statusUrl) {
    document.getElementById("receipt-code").textContent = code;
    const link = document.getElementById("receipt-status");
    link.href = statusUrl;
    form.hidden = true;
    receipt.hidden = false;
    receipt.focus();
  }

  document.getElementById("copy-code").addEventListener("click", async function () {
    const code = document.getElementById("receipt-code").textContent;
    try {
      await navigator.clipboard.writeText(code);
    } catch (_) {
      const range = document.createRange();
      range.selectNodeContents(document.getElementById("receipt-code"));
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      document.execCommand("copy");
    }
    document.getElementById("copy-done").hidden = false;
  });

  // One key per filled-in form: a retry after a dropped connection is recognised and stores no second report.
  let idempotencyKey = null;
  form.addEventListener("input", function () { idempotencyKey = null; });

  form.addEventListener("submit", async function (event) {
    event.preventDefault();
    clearErrors();
    if (!idempotencyKey) {
      idempotencyKey = window.crypto && crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random();
    }
    submit.disabled = true;
    submit.textContent = form.dataset.msgSending;
    try {
      const response = await fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        headers: { "Accept": "application/json", "Accept-Language": form.dataset.lang, "Idempotency-Key": idempotencyKey },
      });
      const body = await response.json().catch(function () { return {}; });
      if (response.status === 201 && body.tracking_code) {
        showReceipt(body.tracking_code, body.status_url);
      } else {
        showErrors(body.error || form.dataset.msgNetwork, body.errors);
      }
    } catch (_) {
      showErrors(form.dataset.msgNetwork, {});
    } finally {
      submit.disabled = false;
      submit.textContent = submitLabel;
    }
  });
})();
