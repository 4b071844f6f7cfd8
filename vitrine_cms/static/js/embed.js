/* The embedded widget tells the page that frames it how tall it is, so that page can fit the iframe
   (see the script in the "Insluiten" code). Without JavaScript the widget is plain links in a fixed-height frame. */
(function () {
    "use strict";
    if (window.parent === window) return;
    var type = document.body.getAttribute("data-height-message");
    var last = 0;

    function report() {
        var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
        if (height === last) return;
        last = height;
        // The height is no secret, and the embedding site's origin is not known here: any parent may read it.
        window.parent.postMessage({ type: type, height: height }, "*");
    }

    report();
    window.addEventListener("load", report);
    if (window.ResizeObserver) new ResizeObserver(report).observe(document.documentElement);
    else window.addEventListener("resize", report);
})();
