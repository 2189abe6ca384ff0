// Progressive enhancement of the participant rows of the registration form: the further rows
// (inside "Weitere Teilnehmende") appear one at a time, with a button that adds the next.
// Without this script every row stands open in the <details>, and the intake skips empty rows.
window.addEventListener("DOMContentLoaded", function () {
  var more = document.querySelector("details.offer-form__more-people");
  if (!more) return;
  var rows = Array.prototype.slice.call(more.querySelectorAll("fieldset.offer-form__person"));
  if (rows.length < 2) return;
  function filled(row) {
    return Array.prototype.some.call(row.querySelectorAll("input"), function (field) {
      return field.value.trim() !== "";
    });
  }
  var shown = 1; // rows a reader filled before (the browser's back button keeps them) stay visible
  rows.forEach(function (row, index) { if (filled(row)) shown = Math.max(shown, index + 1); });
  var add = document.createElement("button");
  add.type = "button";
  add.className = "button button--secondary offer-form__add-person";
  add.textContent = more.dataset.addLabel;
  function update() {
    rows.forEach(function (row, index) { row.hidden = index >= shown; });
    add.hidden = shown >= rows.length;
  }
  add.addEventListener("click", function () {
    shown += 1;
    update();
    rows[shown - 1].querySelector("input").focus();
  });
  more.appendChild(add);
  update();
});
