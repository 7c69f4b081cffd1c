// "Back" links: [data-history-back] goes back in the browser history (without an inline
// handler, which the Content-Security-Policy forbids); "reload" also refreshes that page.
// Without scripts the link's href is followed.
document.addEventListener("click", (event) => {
  const link = event.target.closest("[data-history-back]");
  if (!link || window.history.length < 2) {
    return;
  }
  event.preventDefault();
  window.history.back();
  if (link.dataset.historyBack === "reload" && window.Turbo) {
    setTimeout(() => window.Turbo.visit("."), 100);
  }
});
