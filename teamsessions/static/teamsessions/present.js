// The shared screen refreshes the register's count and the poll's spread every few seconds.
const root = document.querySelector("[data-present]");
if (root) {
  const url = root.dataset.pollUrl;
  const signed = root.querySelector("[data-signed]");
  const spread = root.querySelector("[data-spread]");
  let last = "";
  const refresh = async () => {
    try {
      const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (!response.ok) return;
      const data = await response.json();
      if (signed && String(data.signed) !== signed.textContent) signed.textContent = data.signed;
      if (spread && data.html !== last) {
        last = data.html;
        spread.innerHTML = data.html;
      }
    } catch (error) {
      // Offline for a moment: try again next time.
    }
  };
  setInterval(refresh, 3000);
}
