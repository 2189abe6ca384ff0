// Progressive enhancement of the comment form (and of the contact and registration forms, which only use step 1);
// the forms work without this script.
// 1. Fetch the intake's signed time token when the page loads (the intake flags a comment sent
//    too fast, or without a token). A failed fetch leaves the field empty. No cookies are sent.
// 2. Show the "Reply" buttons of the comments: one fills the form's reply_to field.
// 3. A link to the contact form may name the subject (?subject=…, the home page's "Request a
//    training"): it fills an empty subject field, as text.
window.addEventListener("DOMContentLoaded", function () {
  var form = document.querySelector("form[data-token-url]");
  if (!form) return;
  var subject = form.querySelector("input[name=subject]");
  var named = window.URLSearchParams ? new URLSearchParams(window.location.search).get("subject") : null;
  if (subject && named && !subject.value) subject.value = named.slice(0, Number(subject.maxLength) > 0 ? subject.maxLength : 200);
  var token = form.querySelector("input[name=token]");
  if (token && window.fetch) {
    fetch(form.dataset.tokenUrl, { credentials: "omit", cache: "no-store" })
      .then(function (response) { return response.ok ? response.json() : {}; })
      .then(function (answer) { if (typeof answer.token === "string") token.value = answer.token; })
      .catch(function () {});
  }
  var replyTo = form.querySelector("input[name=reply_to]");
  var note = form.querySelector(".comment-form__replying");
  if (!replyTo || !note) return;
  function replyFor(id, name) {
    replyTo.value = id;
    note.querySelector(".comment-form__reply-name").textContent = name;
    note.hidden = !id;
  }
  Array.prototype.forEach.call(document.querySelectorAll("button[data-reply-to]"), function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      replyFor(button.dataset.replyTo, button.dataset.replyName);
      form.scrollIntoView({ block: "start" });
      form.querySelector("textarea").focus();
    });
  });
  note.querySelector(".comment-form__cancel").addEventListener("click", function () { replyFor("", ""); });
});
