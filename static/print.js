// The checklist's 打印 button: shown only when JavaScript can print; without it the
// browser's own print menu does the same.
for (const button of document.querySelectorAll("[data-print]")) {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
}
