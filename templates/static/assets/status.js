// The status check, improved: without this script the form goes to the API, which answers with a status page
// (with the conversation and a reply form of its own); with it, the status, the documents for the reporter and
// the conversation with the team are fetched and shown here, and a reply is sent without leaving the page. A code
// in the address (?code=...) is looked up at once. Everything shown is set as text, never as HTML.
"use strict";
(function () {
  const form = document.getElementById("status-form");
  if (!form || !window.fetch || !window.FormData) return;
  const input = document.getElementById("code");
  const error = document.getElementById("code-error");
  const result = document.getElementById("status-result");
  const area = document.getElementById("thread-area");
  const reply = document.getElementById("reply-form");
  const replyText = document.getElementById("reply-text");
  const replyError = document.getElementById("reply-error");
  const replySent = document.getElementById("reply-sent");
  let current = null;

  function fail(message) {
    result.hidden = true;
    error.textContent = message;
    error.hidden = false;
    input.setAttribute("aria-invalid", "true");
  }

  function element(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function showTimeline(body) {
    const list = document.getElementById("status-timeline");
    list.textContent = "";
    for (const entry of body.timeline) {
      const item = element("li");
      const time = element("time", entry.at_local);
      time.dateTime = entry.at;
      item.appendChild(time);
      item.appendChild(document.createTextNode(" — " + entry.label));
      list.appendChild(item);
    }
  }

  function download(name, url) {
    const link = element("a", name);
    link.href = url;
    link.setAttribute("download", "");
    return link;
  }

  function showDocuments(body) {
    const documents = body.documents || [];
    const list = document.getElementById("status-document-list");
    list.textContent = "";
    for (const documentView of documents) {
      const item = element("li");
      item.appendChild(download(documentView.title + " " + documentView.number + " (PDF)", documentView.url));
      list.appendChild(item);
    }
    document.getElementById("status-documents").hidden = documents.length === 0;
  }

  function showThread(body) {
    const emailOnly = body.reply_by_email_only === true;
    document.getElementById("thread-email-only").hidden = !emailOnly;
    area.hidden = emailOnly;
    const thread = document.getElementById("thread");
    thread.textContent = "";
    const messages = body.messages || [];
    for (const message of messages) {
      const item = element("li", undefined, "message from-" + message.from);
      const meta = element("p", undefined, "message-meta");
      meta.appendChild(element("strong", message.from === "team" ? area.dataset.fromTeam : area.dataset.fromYou));
      meta.appendChild(document.createTextNode(", "));
      const time = element("time", message.at_local);
      time.dateTime = message.at;
      meta.appendChild(time);
      item.appendChild(meta);
      // Line breaks kept by the stylesheet (white-space: pre-line), the text never parsed as HTML.
      item.appendChild(element("p", message.text, "message-text"));
      if (message.files.length > 0) {
        const files = element("ul", undefined, "message-files");
        for (const file of message.files) {
          const entry = element("li");
          entry.appendChild(file.url ? download(file.name, file.url) : element("span", file.name));
          entry.appendChild(document.createTextNode(" (" + file.size_label + ")"));
          files.appendChild(entry);
        }
        item.appendChild(files);
      }
      thread.appendChild(item);
    }
    document.getElementById("thread-empty").hidden = messages.length > 0;
    reply.hidden = !body.accepts_replies;
    const refused = document.getElementById("replies-refused");
    refused.textContent = body.replies_refused || "";
    refused.hidden = body.accepts_replies || !body.replies_refused;
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
      return false;
    }
    const body = await response.json().catch(function () { return {}; });
    if (response.status === 200) {
      current = body.tracking_code;
      document.getElementById("status-label").textContent = body.tracking_code + ": " + body.label;
      document.getElementById("status-overdue").hidden = !body.overdue;
      showTimeline(body);
      showDocuments(body);
      showThread(body);
      result.hidden = false;
      return true;
    } else if (response.status === 404) {
      fail(form.dataset.msgNotFound);
    } else if (body.errors && body.errors.tracking_code) {
      fail(body.errors.tracking_code);
    } else {
      fail(body.error || form.dataset.msgError);
    }
    return false;
  }

  function replyFailed(message) {
    replyError.textContent = message;
    replyError.hidden = false;
    replyText.setAttribute("aria-invalid", "true");
    replyText.focus();
  }

  reply.addEventListener("submit", async function (event) {
    event.preventDefault();
    if (!current) return;
    replyError.hidden = true;
    replySent.hidden = true;
    replyText.removeAttribute("aria-invalid");
    const url = form.dataset.api + "/reports/" + encodeURIComponent(current) + "/messages";
    let response;
    try {
      response = await fetch(url, {
        method: "POST",
        body: new FormData(reply),
        headers: { "Accept": "application/json", "Accept-Language": form.dataset.lang },
      });
    } catch (_) {
      replyFailed(reply.dataset.msgError);
      return;
    }
    const body = await response.json().catch(function () { return {}; });
    if (response.status === 201) {
      reply.reset();
      await lookUp(current);
      replySent.textContent = reply.dataset.msgSent;
      replySent.hidden = false;
    } else if (body.errors) {
      replyFailed(Object.values(body.errors).join(" "));
    } else {
      replyFailed(body.error || reply.dataset.msgError);
    }
  });

  form.addEventListener("submit", async function (event) {
    event.preventDefault();
    if (await lookUp(input.value)) result.focus();
  });
  const fromAddress = new URLSearchParams(window.location.search).get("code");
  if (fromAddress) {
    input.value = fromAddress;
    lookUp(fromAddress).then(function (found) { if (found) result.focus(); });
  }
})();
