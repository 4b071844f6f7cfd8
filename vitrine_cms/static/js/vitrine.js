/* De Vitrine: progressive enhancement only. Every feature here also works without JavaScript
   (GET form and links for the listing, a link for videos). No dependencies; the map has its own js/map.js. */
(function () {
    "use strict";
    document.documentElement.classList.add("js");

    /* --- Listing: update results in place, keep the URL shareable ------------------------------ */
    function initListing(root) {
        var form = root.querySelector("[data-filter-form]");
        var status = root.querySelector("[data-listing-status]");
        var panel = root.querySelector("[data-filters-panel]");
        if (!form || !window.fetch || !window.DOMParser) return;
        if (panel && window.matchMedia("(max-width: 63.99em)").matches) panel.open = false;
        var controller = null;
        var timer = null;

        function formUrl() {
            var params = new URLSearchParams();
            new FormData(form).forEach(function (value, key) { if (value !== "") params.append(key, value); });
            var ordering = document.getElementById("f-ordering");
            if (ordering && ordering.value && !params.has("ordering")) params.set("ordering", ordering.value);
            var query = params.toString();
            return window.location.pathname + (query ? "?" + query : "");
        }

        function sync(fresh) {
            // Counts, checked states and options come from the server's page; focus stays where it is.
            fresh.querySelectorAll("[data-filter-form] input, [data-filter-form] select, #f-ordering").forEach(function (el) {
                var mine = el.id && document.getElementById(el.id);
                if (!mine) return;
                if (el.type === "checkbox" || el.type === "radio") mine.checked = el.checked;
                else if (el.tagName === "SELECT") { mine.innerHTML = el.innerHTML; mine.value = el.value; }
                else if (document.activeElement !== mine) mine.value = el.value;
                var row = mine.closest(".filter__option");
                var freshRow = el.closest(".filter__option");
                if (row && freshRow) {
                    row.className = freshRow.className;
                    row.querySelector("[data-count]").textContent = freshRow.querySelector("[data-count]").textContent;
                }
            });
            var results = root.querySelector("[data-results]");
            var freshResults = fresh.querySelector("[data-results]");
            if (results && freshResults) results.innerHTML = freshResults.innerHTML;
            var summary = root.querySelector(".filters-panel__toggle");
            var freshSummary = fresh.querySelector(".filters-panel__toggle");
            if (summary && freshSummary) summary.innerHTML = freshSummary.innerHTML;
            var count = root.querySelector("[data-count-text]");
            if (status && count) status.textContent = count.textContent;
        }

        function load(url, push) {
            if (controller) controller.abort();
            controller = new AbortController();
            var results = root.querySelector("[data-results]");
            if (results) results.setAttribute("aria-busy", "true");
            return fetch(url, { signal: controller.signal, headers: { "X-Requested-With": "fetch" }, credentials: "same-origin" })
                .then(function (response) {
                    if (!response.ok) throw new Error(response.status);
                    return response.text();
                })
                .then(function (html) {
                    sync(new DOMParser().parseFromString(html, "text/html"));
                    if (push) window.history.pushState({ listing: true }, "", url);
                })
                .catch(function (error) {
                    if (error.name !== "AbortError") window.location.href = url;  // fall back to a normal page load
                })
                .finally(function () {
                    var current = root.querySelector("[data-results]");
                    if (current) current.removeAttribute("aria-busy");
                });
        }

        form.addEventListener("change", function (event) {
            if (event.target.name === "q") return;
            load(formUrl(), true);
        });
        document.addEventListener("change", function (event) {
            if (event.target.id === "f-ordering") load(formUrl(), true);
        });
        form.addEventListener("input", function (event) {
            if (event.target.name !== "q") return;
            clearTimeout(timer);
            timer = setTimeout(function () { load(formUrl(), true); }, 350);
        });
        form.addEventListener("submit", function (event) {
            event.preventDefault();
            clearTimeout(timer);
            load(formUrl(), true);
        });
        root.addEventListener("click", function (event) {
            var link = event.target.closest("a[data-listing-link]");
            if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
            event.preventDefault();
            var paging = link.closest(".pagination");
            load(link.pathname + link.search, true).then(function () {
                if (paging) root.querySelector("[data-count-text]").scrollIntoView();
                var heading = root.querySelector("[data-count-text]");
                if (heading) { heading.setAttribute("tabindex", "-1"); heading.focus({ preventScroll: !paging }); }
            });
        });
        window.addEventListener("popstate", function () { load(window.location.pathname + window.location.search, false); });
    }

    /* --- Video: load the player only after a click ---------------------------------------------- */
    function initVideo(figure) {
        var button = figure.querySelector("[data-video-play]");
        var frame = figure.querySelector("[data-video-frame]");
        if (!button || !frame) return;
        button.hidden = false;
        button.addEventListener("click", function () {
            var src = figure.getAttribute("data-embed-url");
            var iframe = document.createElement("iframe");
            iframe.src = src + (src.indexOf("?") === -1 ? "?" : "&") + "autoplay=1";
            iframe.title = figure.getAttribute("data-video-title") || "Video";
            iframe.allow = "autoplay; fullscreen; picture-in-picture";
            iframe.allowFullscreen = true;
            iframe.referrerPolicy = "strict-origin-when-cross-origin";
            frame.innerHTML = "";
            frame.appendChild(iframe);
            iframe.focus();
        });
    }

    /* --- "Insluiten": copy the embed code (delegated: the dialog is swapped with the results) -------------- */
    document.addEventListener("click", function (event) {
        var button = event.target.closest("[data-embed-copy]");
        if (!button) return;
        var dialog = button.closest("[data-embed-dialog]");
        var code = dialog.querySelector("textarea");
        var status = dialog.querySelector("[data-embed-status]");
        code.focus();
        code.select();
        function say(text) { status.textContent = ""; window.setTimeout(function () { status.textContent = text; }, 50); }
        if (navigator.clipboard && window.isSecureContext) {
            navigator.clipboard.writeText(code.value).then(
                function () { say(button.getAttribute("data-copied")); },
                function () { say(button.getAttribute("data-selected")); }
            );
        } else {
            say(button.getAttribute("data-selected"));
        }
    });

    function init() {
        document.querySelectorAll("[data-listing]").forEach(initListing);
        document.querySelectorAll("[data-video]").forEach(initVideo);
        document.querySelectorAll("[data-print]").forEach(function (button) {
            button.hidden = false;
            button.addEventListener("click", function () { window.print(); });
        });
    }

    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
    else init();
})();
