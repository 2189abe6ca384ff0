// Progressive enhancement of the comment form: fetch the intake's signed time token when the
// page loads (the intake flags a comment sent too fast, or without a token). The form works
// without this script; a failed fetch leaves the field empty. No cookies are sent.
window.addEventListener("DOMContentLoaded", function () {
  var forms = document.querySelectorAll("form[data-token-url]");
  Array.prototype.forEach.call(forms, function (form) {
    var field = form.querySelector("input[name=token]");
    if (!field || !window.fetch) return;
    fetch(form.dataset.tokenUrl, { credentials: "omit", cache: "no-store" })
      .then(function (response) { return response.ok ? response.json() : {}; })
      .then(function (answer) { if (typeof answer.token === "string") field.value = answer.token; })
      .catch(function () {});
  });
});
