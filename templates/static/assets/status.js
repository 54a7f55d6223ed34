// The status check, improved: without this script the form goes to the API, which answers with a status page;
// with it, the status is fetched and shown here. A code in the address (?code=...) is looked up at once.
"use strict";
(function () {
  const form = document.getElementById("status-form");
  if (!form || !window.fetch) return;
  const input = document.getElementById("code");
  const error = document.getElementById("code-error");
  const result = document.getElementById("status-result");

  function fail(message) {
    result.hidden = true;
    error.textContent = message;
    error.hidden = false;
    input.setAttribute("aria-invalid", "true");
  }

  async function lookUp(code) {
    error.hidden = true;
    input.removeAttribute("aria-invalid");
    const url = form.dataset.api + "/reports/" + encodeURIComponent(code.trim());
    let response;
    try {
      response = await fetch(url, { headers: { "Accept": "application/json", "Accept-Language": form.dataset.lang } });
    } catch (_) {
      fail(form.dataset.msgError);
      return;
    }
    const body = await response.json().catch(function () { return {}; });
    if (response.status === 200) {
      document.getElementById("status-label").textContent = body.tracking_code + ": " + body.label;
      document.getElementById("status-overdue").hidden = !body.overdue;
      const list = document.getElementById("status-timeline");
      list.textContent = "";
      for (const entry of body.timeline) {
        const item = document.createElement("li");
        const time = document.createElement("time");
        time.dateTime = entry.at;
        time.textContent = entry.at_local;
        item.appendChild(time);
        item.appendChild(document.createTextNode(" — " + entry.label));
        list.appendChild(item);
      }
      result.hidden = false;
      result.focus();
    } else if (response.status === 404) {
      fail(form.dataset.msgNotFound);
    } else if (body.errors && body.errors.tracking_code) {
      fail(body.errors.tracking_code);
    } else {
      fail(body.error || form.dataset.msgError);
    }
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    lookUp(input.value);
  });
  const fromAddress = new URLSearchParams(window.location.search).get("code");
  if (fromAddress) {
    input.value = fromAddress;
    lookUp(fromAddress);
  }
})();
