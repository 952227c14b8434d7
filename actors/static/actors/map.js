/*
 * The directory's map: the organisations of the current filters as clustered markers.
 * Everything it needs comes from the data- attributes of [data-actors-map]; without
 * JavaScript, or if Leaflet is missing, the section stays hidden and the list says it all.
 */
(function () {
    "use strict";

    var section = document.querySelector("[data-actors-map]");
    if (!section || !window.L || !window.L.markerClusterGroup || !window.fetch) {
        return;
    }
    var data = section.dataset;
    var canvas = section.querySelector(".directory-map__canvas");
    var status = section.querySelector(".directory-map__status");
    section.hidden = false;

    // The clusters need a maximum zoom, which a tile layer would give; there may be none.
    var map = L.map(canvas, { scrollWheelZoom: false, maxZoom: 18 }).setView([50, 10], 4);
    if (data.tileUrl) {
        L.tileLayer(data.tileUrl, { attribution: data.attribution || "" }).addTo(map);
    }
    var icon = L.icon({
        iconUrl: data.iconUrl,
        iconRetinaUrl: data.iconRetinaUrl,
        shadowUrl: data.shadowUrl,
        iconSize: [25, 41],
        iconAnchor: [12, 41],
        popupAnchor: [1, -34],
        shadowSize: [41, 41],
    });
    var clusters = L.markerClusterGroup({ chunkedLoading: true });
    map.addLayer(clusters);

    // Text only, through the DOM: names come from members and must never become markup.
    function popup(properties) {
        var box = document.createElement("div");
        box.className = "directory-map__popup";
        var name = document.createElement("p");
        var url = String(properties.url || "");
        if (url.charAt(0) === "/" && url.charAt(1) !== "/") {
            var link = document.createElement("a");
            link.href = url;
            link.textContent = properties.name;
            name.appendChild(link);
        } else {
            name.textContent = properties.name;
        }
        box.appendChild(name);
        var details = [properties.type, properties.city].filter(Boolean).join(" · ");
        if (details) {
            var line = document.createElement("p");
            line.textContent = details;
            box.appendChild(line);
        }
        return box;
    }

    status.textContent = data.loadingText || "";
    fetch(data.geojsonUrl, { headers: { Accept: "application/geo+json" } })
        .then(function (response) {
            if (!response.ok) {
                throw new Error("HTTP " + response.status);
            }
            return response.json();
        })
        .then(function (collection) {
            var markers = collection.features.map(function (feature) {
                var coordinates = feature.geometry.coordinates;
                var marker = L.marker([coordinates[1], coordinates[0]], {
                    icon: icon,
                    title: feature.properties.name,
                    alt: feature.properties.name,
                });
                marker.bindPopup(function () {
                    return popup(feature.properties);
                });
                return marker;
            });
            clusters.addLayers(markers);
            if (markers.length) {
                // From the markers themselves: chunked loading fills the clusters later.
                var bounds = L.latLngBounds(
                    markers.map(function (marker) {
                        return marker.getLatLng();
                    })
                );
                map.fitBounds(bounds, { maxZoom: 10, padding: [24, 24] });
            }
            status.textContent = (data.countText || "").replace(
                "__count__",
                markers.length.toLocaleString(document.documentElement.lang || undefined)
            );
        })
        .catch(function () {
            status.textContent = data.errorText || "";
        });
})();
