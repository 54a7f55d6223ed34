// The console's only script. Every page works without it; it adds the passkey ceremonies, which need the
// browser's WebAuthn API. No inline script anywhere (the CSP forbids it), no third-party code.
"use strict";

(function () {
  const supported = window.PublicKeyCredential &&
    typeof PublicKeyCredential.parseRequestOptionsFromJSON === "function" &&
    typeof PublicKeyCredential.parseCreationOptionsFromJSON === "function";

  async function post(url, token, body) {
    const response = await fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Accept": "application/json", "Content-Type": "application/json", "X-CSRF-Token": token },
      body: JSON.stringify(body || {}),
    });
    const answer = await response.json().catch(() => ({}));
    if (!response.ok) {
      const message = answer.error && answer.error.message ? answer.error.message : response.statusText;
      throw new Error(message);
    }
    return answer;
  }

  function show(problem, error) {
    if (!problem) return;
    problem.textContent = error.message || String(error);
    problem.hidden = false;
  }

  function ceremony(buttonId, begin, finish, run, done) {
    const button = document.getElementById(buttonId);
    if (!button) return;
    const problem = document.getElementById(button.getAttribute("aria-describedby") || "passkey-problem");
    const needsScript = document.getElementById("passkey-needs-script");
    if (!supported) return;
    button.hidden = false;
    if (needsScript) needsScript.hidden = true;
    button.addEventListener("click", async () => {
      button.disabled = true;
      if (problem) problem.hidden = true;
      try {
        const token = button.dataset.csrf;
        const options = await post(begin, token, {});
        const credential = await run(options);
        const answer = await post(finish, token, credential.toJSON());
        done(button, answer);
      } catch (error) {
        show(problem, error);
      } finally {
        button.disabled = false;
      }
    });
  }

  ceremony("passkey-sign-in", "/staff/passkey/sign-in/begin", "/staff/passkey/sign-in/finish",
    (options) => navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options) }),
    (button, answer) => { window.location.assign(answer.next || button.dataset.next || "/staff/"); });

  ceremony("passkey-register", "/staff/passkeys/begin", "/staff/passkeys/finish",
    (options) => navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options) }),
    () => { window.location.assign("/staff/passkeys?registered=1"); });
})();
