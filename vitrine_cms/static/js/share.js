// Share buttons that need JavaScript: copy the link, or open the device's own share sheet.
// Without JavaScript (or without the browser feature) the buttons stay hidden; the plain links remain.
(function () {
  "use strict";
  document.querySelectorAll("[data-share]").forEach(function (section) {
    var copy = section.querySelector("[data-share-copy]");
    var native = section.querySelector("[data-share-native]");
    var status = section.querySelector("[data-share-status]");
    if (copy && navigator.clipboard && window.isSecureContext) {
      copy.hidden = false;
      copy.addEventListener("click", function () {
        navigator.clipboard.writeText(copy.dataset.url).then(function () {
          // Clear first so that a second copy is announced again.
          status.textContent = "";
          window.setTimeout(function () {
            status.textContent = section.dataset.copiedMessage;
          }, 50);
        });
      });
    }
    if (native && navigator.share) {
      native.hidden = false;
      native.addEventListener("click", function () {
        navigator.share({ title: native.dataset.title, url: native.dataset.url }).catch(function () {
          // The reader closed the share sheet: nothing to do.
        });
      });
    }
  });
})();
