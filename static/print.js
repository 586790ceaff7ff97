// The checklist's 打印 button: shown only when JavaScript can print; without it the
// browser's own print menu does the same.
for (const button of document.querySelectorAll("[data-print]")) {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
}

// The day it was printed, on the sheet (without JavaScript the line is left to fill in by hand).
function printDate() {
  const today = new Date();
  for (const slot of document.querySelectorAll("[data-print-date]")) {
    slot.textContent = `${today.getFullYear()}年${today.getMonth() + 1}月${today.getDate()}日`;
  }
}
printDate();
window.addEventListener("beforeprint", printDate);
