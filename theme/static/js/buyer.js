// Progressive enhancement of the registration form: once the reader says whether they book as a
// business or as a consumer, the page shows the price for them only (gross for consumers, § 3 PAngV;
// net for businesses) and asks for the company when they book as a business. Without this script
// both prices stay visible, each labelled, and the intake checks the company.
window.addEventListener("DOMContentLoaded", function () {
  var choices = document.querySelectorAll("input[name=buyer][type=radio]");
  if (!choices.length) return;
  var company = document.querySelector("input[name=company]");
  function show() {
    var chosen = document.querySelector("input[name=buyer]:checked");
    var buyer = chosen ? chosen.value : "";
    Array.prototype.forEach.call(document.querySelectorAll("[data-buyer]"), function (price) {
      price.hidden = buyer !== "" && price.dataset.buyer !== buyer;
    });
    if (company) company.required = buyer === "business";
  }
  Array.prototype.forEach.call(choices, function (choice) { choice.addEventListener("change", show); });
  show();
});
