// The document verification, improved: without this script the form goes to the API, which answers with a page
// of its own; with it, the file the visitor picks is hashed here (SHA-256, the file never leaves the browser), the
// answer is fetched and shown on this page. A code in the address (?kode=..., as the document's QR code gives it)
// is put in the form and looked up at once. Everything shown is set as text, never as HTML.
"use strict";
(function () {
  const form = document.getElementById("verify-form");
  if (!form || !window.fetch || !window.crypto || !window.crypto.subtle) return;
  const code = document.getElementById("kode");
  const hash = document.getElementById("sha256");
  const file = document.getElementById("verify-file");
  const result = document.getElementById("verify-result");
  document.getElementById("verify-file-field").hidden = false;

  function hex(buffer) {
    return Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, "0")).join("");
  }

  function set(id, text) {
    const node = document.getElementById(id);
    node.textContent = text || "";
    node.previousElementSibling.hidden = !text;
    node.hidden = !text;
  }

  function show(body) {
    result.querySelector("#verify-outcome strong").textContent = body.found
      ? result.dataset.found
      : result.dataset.unknown;
    const documentList = document.getElementById("verify-document");
    documentList.hidden = !body.found;
    if (body.document) {
      set("verify-title", body.document.title);
      set("verify-number", body.document.number);
      set("verify-date", body.document.issued_local);
      set("verify-signed", body.document.signed_as);
      set("verify-team", body.document.team + ", " + body.document.organisation);
    }
    const outcome = document.getElementById("verify-hash");
    outcome.hidden = body.hash === "not_checked";
    outcome.textContent = body.hash === "match" ? result.dataset.match : result.dataset.mismatch;
    result.hidden = false;
    result.focus();
  }

  async function verify() {
    if (file.files && file.files[0]) {
      hash.value = hex(await crypto.subtle.digest("SHA-256", await file.files[0].arrayBuffer()));
    }
    const query = new URLSearchParams({ kode: code.value, lang: form.dataset.lang });
    if (hash.value) query.set("sha256", hash.value);
    try {
      const answer = await fetch(form.dataset.api + "/verifikasi?" + query, {
        headers: { Accept: "application/json" },
      });
      if (!answer.ok) throw new Error(String(answer.status));
      show(await answer.json());
    } catch (e) {
      result.querySelector("#verify-outcome strong").textContent = form.dataset.msgError;
      result.hidden = false;
    }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    verify();
  });
  const given = new URLSearchParams(window.location.search).get("kode");
  if (given) {
    code.value = given;
    verify();
  }
})();
