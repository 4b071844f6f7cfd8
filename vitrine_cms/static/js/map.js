/* De Vitrine: the map page. The points come as compact rows from the API (/api/v1/cases/points/) and are
   clustered by Leaflet.markercluster, so the page's HTML stays small whatever the number of cases. Without
   JavaScript, or when the points or the tiles do not load, the links below the map lead to the listing. */
(function () {
    "use strict";

    function escapeHtml(text) {
        var element = document.createElement("span");
        element.textContent = text;
        return element.innerHTML;
    }

    function fail(element, status, message) {
        element.hidden = true;
        if (status) { status.textContent = message; status.hidden = false; }
    }

    function addTiles(map, element, status) {
        var tiles = window.L.tileLayer(element.getAttribute("data-tile-url"), {
            maxZoom: 18,
            attribution: element.getAttribute("data-tile-attribution")
        });
        var failures = 0;
        var loaded = 0;
        tiles.on("tileload", function () { loaded += 1; });
        tiles.on("tileerror", function () {
            failures += 1;
            if (failures >= 3 && loaded === 0) fail(element, status, element.getAttribute("data-tiles-failed"));
        });
        tiles.addTo(map);
    }

    function popupMaker(column, regions) {
        return function (marker) {
            var row = marker.options.row;
            var content = document.createElement("div");
            var link = document.createElement("a");
            link.href = row[column.url];
            link.textContent = row[column.title];
            content.appendChild(link);
            var place = row[column.place] || "";
            if (row[column.country] && row[column.country] !== "BE") {
                var country = regions ? regions.of(row[column.country]) : row[column.country];
                place = place ? place + " (" + country + ")" : country;
            }
            if (place) {
                var where = document.createElement("p");
                where.className = "muted";
                where.textContent = place;
                content.appendChild(where);
            }
            return content;
        };
    }

    function clusterIcon(label) {
        // The count alone would be read as a bare number: the hidden word says what is counted.
        return function (cluster) {
            var count = cluster.getChildCount();
            var size = count < 10 ? "small" : count < 100 ? "medium" : "large";
            return window.L.divIcon({
                html: "<div><span>" + count + '<span class="visually-hidden"> ' + escapeHtml(label) + "</span></span></div>",
                className: "marker-cluster marker-cluster-" + size,
                iconSize: window.L.point(40, 40)
            });
        };
    }

    function draw(element, status, data) {
        var L = window.L;
        var column = {};
        data.fields.forEach(function (name, index) { column[name] = index; });
        if (!data.points.length) return;
        element.hidden = false;
        var map = L.map(element, { scrollWheelZoom: false });
        addTiles(map, element, status);
        var language = document.documentElement.lang || "nl";
        var regions = window.Intl && window.Intl.DisplayNames ? new window.Intl.DisplayNames([language], { type: "region" }) : null;
        var popup = popupMaker(column, regions);
        var bounds = [];
        var markers = data.points.map(function (row) {
            var point = [row[column.lat], row[column.lon]];
            bounds.push(point);
            var title = row[column.title];
            return L.marker(point, { title: title, alt: title, row: row }).bindPopup(popup);
        });
        // The map needs a view before the cluster group is added: it clusters for the current zoom.
        map.fitBounds(bounds, { padding: [24, 24], maxZoom: 10 });
        var group = L.markerClusterGroup({
            chunkedLoading: true,
            showCoverageOnHover: false,
            iconCreateFunction: clusterIcon(element.getAttribute("data-cluster-label"))
        });
        group.addLayers(markers);
        map.addLayer(group);
        element.setAttribute("data-map-ready", String(data.points.length));
        // Not a <noscript>: this note also stays for a browser with JavaScript whose map did not come.
        var note = document.querySelector("[data-map-fallback]");
        if (note) note.hidden = true;
    }

    function initMap(element) {
        if (!window.L || !window.L.markerClusterGroup || !window.fetch) return;
        var status = document.querySelector("[data-map-status]");
        fetch(element.getAttribute("data-points-url"), { headers: { Accept: "application/json" }, credentials: "same-origin" })
            .then(function (response) {
                if (!response.ok) throw new Error(response.status);
                return response.json();
            })
            .then(
                function (data) { draw(element, status, data); },
                // Only a failed request lands here; an error while drawing stays visible in the console.
                function () { fail(element, status, element.getAttribute("data-points-failed")); }
            );
    }

    // Leaflet and the cluster plugin are deferred scripts before this one, so they have run by now.
    function init() { document.querySelectorAll("[data-map]").forEach(initMap); }

    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
    else init();
})();
