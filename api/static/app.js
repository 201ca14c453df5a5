// Sends the chosen plan to the API and shows the report. Nothing is stored in the browser.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("check-form");
  const fileInput = document.getElementById("plan-file");
  const keyInput = document.getElementById("api-key");
  const button = document.getElementById("check-button");
  const status = document.getElementById("status");
  const errorBox = document.getElementById("error");
  const errorText = document.getElementById("error-text");
  const report = document.getElementById("report");
  const download = document.getElementById("download");
  const downloadButton = document.getElementById("download-button");

  function headers() {
    const key = keyInput.value.trim();
    return key ? { "X-API-Key": key } : {};
  }

  function body(file) {
    const data = new FormData();
    data.append("file", file, file.name);
    return data;
  }

  function showError(message) {
    errorText.textContent = message;
    errorBox.hidden = false;
    errorBox.focus();
  }

  async function problemText(response) {
    try {
      const problem = await response.json();
      if (problem && problem.detail) return problem.detail;
    } catch (e) { /* not JSON */ }
    return "The plan could not be checked. Try again in a minute.";
  }

  async function send(url, file) {
    const response = await fetch(url, { method: "POST", headers: headers(), body: body(file) });
    if (!response.ok) throw new Error(await problemText(response));
    return response;
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    errorBox.hidden = true;
    download.hidden = true;
    report.innerHTML = "";
    const file = fileInput.files[0];
    if (!file) { showError("Choose a plan to upload."); return; }
    button.disabled = true;
    status.textContent = "Checking the plan…";
    try {
      const response = await send("/v1/checks?format=html", file);
      report.innerHTML = await response.text();  // escaped by the server's template
      status.textContent = "Check finished.";
      download.hidden = !file.name.toLowerCase().endsWith(".docx");
      const title = report.querySelector("h1");
      if (title) { title.tabIndex = -1; title.focus(); }
    } catch (error) {
      status.textContent = "";
      showError(error.message);
    } finally {
      button.disabled = false;
    }
  });

  downloadButton.addEventListener("click", async () => {
    const file = fileInput.files[0];
    if (!file) return;
    downloadButton.disabled = true;
    status.textContent = "Adding comments to the plan…";
    try {
      const response = await send("/v1/annotations", file);
      const url = URL.createObjectURL(await response.blob());
      const link = document.createElement("a");
      link.href = url;
      link.download = file.name.replace(/\.docx$/i, "") + ".reviewed.docx";
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
      status.textContent = "The plan with comments has been downloaded.";
    } catch (error) {
      status.textContent = "";
      showError(error.message);
    } finally {
      downloadButton.disabled = false;
    }
  });
});
