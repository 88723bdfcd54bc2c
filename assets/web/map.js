// The map: Leaflet with L.CRS.Simple over the scenario grid. One map unit is one
// grid cell; cell (x east, y south) is drawn at LatLng(-y, x). Terrain and hazard
// are images the server renders (one pixel per cell); roads, places, units and
// routes are vector layers. Labels are DOM elements filled with textContent, never
// HTML built from data.
"use strict";

const DrillMap = (() => {
  let map = null, hazard = null, places = null, units = null, routes = null;
  let size = null;
  let labels = null, named = [];

  // places whose name is always shown beside the dot, most important first
  const LABEL_RANK = { Shelter: 0, Hospital: 1, School: 2, Village: 3 };
  // where a name may go, in order of preference: [Leaflet direction, offset in px]
  const SIDES = [["right", [8, 0]], ["left", [-8, 0]], ["top", [0, -8]], ["bottom", [0, 8]]];

  // boxes overlap (with a 2-px margin)
  const hits = (a, b) =>
    a.left < b.right + 2 && b.left < a.right + 2 && a.top < b.bottom + 2 && b.top < a.bottom + 2;

  // The always-shown names, placed so that none covers another nor runs past the
  // map's edge: each goes on the first side of its dot (right, left, above, below)
  // where it lies wholly inside the map and overlaps no name placed before it nor
  // another place's dot; a name that fits nowhere in this view is left out (hovering
  // the dot still shows it). Run after each view, zoom, pan and resize.
  function layoutLabels() {
    if (!map || !labels) return;
    labels.clearLayers();
    const order = named.slice().sort((a, b) =>
      LABEL_RANK[a.kind] - LABEL_RANK[b.kind] || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const dots = named.map((p) => {
      const c = map.latLngToContainerPoint(ll(p.x, p.y));
      return { id: p.id, left: c.x - 6, right: c.x + 6, top: c.y - 6, bottom: c.y + 6 };
    });
    const taken = [];
    for (const p of order) {
      const tip = L.tooltip({
        permanent: true, direction: "right", offset: [8, 0],
        className: "place-label", interactive: false,
      }).setLatLng(ll(p.x, p.y)).setContent(label(nameIn(p.name)));
      tip.addTo(labels);
      let placed = null;
      for (const [dir, off] of SIDES) {
        tip.options.direction = dir;
        tip.options.offset = L.point(off);
        tip.update();
        const r = tip.getElement().getBoundingClientRect();
        const o = map.getContainer().getBoundingClientRect();
        const box = { left: r.left - o.left, right: r.right - o.left, top: r.top - o.top, bottom: r.bottom - o.top };
        const inside = box.left >= 0 && box.top >= 0 && box.right <= o.width && box.bottom <= o.height;
        if (inside && !taken.some((b) => hits(box, b)) && !dots.some((d) => d.id !== p.id && hits(box, d))) {
          placed = box;
          break;
        }
      }
      if (placed) {
        taken.push(placed);
      } else {
        labels.removeLayer(tip);
      }
    }
  }

  const ll = (x, y) => L.latLng(-y, x);

  function label(text) {
    const el = document.createElement("span");
    el.textContent = text;
    return el;
  }

  function init(el, m) {
    const bounds = L.latLngBounds(ll(0, m.h), ll(m.w, 0));
    if (map && size && size.w === m.w && size.h === m.h) {
      return;
    }
    if (map) {
      map.remove();
    }
    size = { w: m.w, h: m.h };
    map = L.map(el, {
      crs: L.CRS.Simple,
      minZoom: -4,
      maxZoom: 6,
      zoomSnap: 0.25,
      attributionControl: false,
      maxBounds: bounds.pad(0.5),
    });
    L.imageOverlay(m.terrain, bounds, { className: "cells" }).addTo(map);
    hazard = L.imageOverlay("data:image/gif;base64,R0lGODlhAQABAAAAACH5BAEKAAEALAAAAAABAAEAAAICTAEAOw==", bounds, {
      className: "cells",
      opacity: 0.85,
    }).addTo(map);
    const roads = L.layerGroup().addTo(map);
    for (const r of m.roads) {
      L.polyline([ll(r[0], r[1]), ll(r[2], r[3])], {
        color: "#5a4632", weight: 2, opacity: 0.8, interactive: false,
      }).addTo(roads);
    }
    routes = L.layerGroup().addTo(map);
    places = L.layerGroup().addTo(map);
    labels = L.layerGroup().addTo(map);
    units = L.layerGroup().addTo(map);
    map.on("zoomend moveend resize", layoutLabels);
    map.fitBounds(bounds);
    scaleBar(m.cell_m).addTo(map);
    // a resize of the window or of the side panel
    new ResizeObserver(() => map.invalidateSize()).observe(el);
  }

  // a scale bar in metres: one map unit is one cell of `cellM` metres
  function scaleBar(cellM) {
    const Ctl = L.Control.extend({
      onAdd() {
        const box = L.DomUtil.create("div", "scalebar");
        const bar = L.DomUtil.create("span", "bar", box);
        const text = L.DomUtil.create("span", "", box);
        const update = () => {
          const pxPerM = map.getZoomScale(map.getZoom(), 0) / cellM;
          let m = 100 / pxPerM;
          const step = [1, 2, 5];
          let best = 1;
          for (let e = 0; e < 7; e++) {
            for (const s of step) {
              const v = s * Math.pow(10, e);
              if (v <= m) best = v;
            }
          }
          bar.style.width = Math.round(best * pxPerM) + "px";
          text.textContent = best >= 1000 ? best / 1000 + " km" : best + " m";
        };
        map.on("zoomend", update);
        update();
        return box;
      },
    });
    return new Ctl({ position: "bottomleft" });
  }

  function setHazard(png) {
    if (hazard) {
      hazard.setUrl(png);
    }
  }

  function placeColour(p) {
    if (p.reached_by.length) return "#d7191c";
    if (p.evacuating) return "#f2c200";
    if (p.sheltering) return "#9b59b6";
    if (p.warned) return "#2c7fb8";
    if (p.kind === "Shelter") return "#1a9641";
    return "#ffffff";
  }

  const UNIT_COLOURS = {
    available: "#2ecc71", en_route: "#3498db", on_scene: "#e67e22",
    returning: "#95a5a6", cut_off: "#e74c3c", reserve: "#7f8c8d",
  };

  function draw(view) {
    if (!map) return;
    places.clearLayers();
    named = [];
    units.clearLayers();
    routes.clearLayers();
    for (const p of view.places || []) {
      const m = L.circleMarker(ll(p.x, p.y), {
        radius: p.kind === "Village" ? 7 : 5,
        color: "#000", weight: 1, fillColor: placeColour(p), fillOpacity: 0.95,
      });
      const words = [nameIn(p.name), p.people + " " + t("people_now")];
      if (p.warned) words.push(t("warned") + " " + p.warned);
      if (p.evacuating) words.push(t("evacuating"));
      if (p.sheltering) words.push(t("sheltering"));
      if (p.reached_by.length) words.push(t("reached") + " " + p.reached_by.join(", "));
      m.bindTooltip(label(words.join(" · ")), { direction: "top" });
      m.addTo(places);
      if (LABEL_RANK[p.kind] !== undefined) {
        named.push(p);
      }
    }
    layoutLabels();
    for (const u of view.units || []) {
      if (u.status === "reserve") continue;
      if (u.route && u.route.length) {
        const pts = [ll(u.x, u.y)].concat(u.route.map((q) => ll(q[0], q[1])));
        L.polyline(pts, { color: "#1f4e9c", weight: 2, dashArray: "4 4", interactive: false }).addTo(routes);
      }
      const m = L.circleMarker(ll(u.x, u.y), {
        radius: 5, color: "#111", weight: 2,
        fillColor: UNIT_COLOURS[u.status] || "#ccc", fillOpacity: 1,
      });
      const words = [nameIn(u.name), t(u.status) + (u.task ? " · " + t(u.task) : "")];
      if (u.dest) words.push("→ " + u.dest);
      m.bindTooltip(label(words.join(" · ")), { direction: "right" });
      m.addTo(units);
    }
  }

  // moves the view by (dx, dy) px at once, as a drag would (the browser test uses it)
  function panBy(dx, dy) {
    if (map) map.panBy([dx, dy], { animate: false });
  }

  return { init, draw, setHazard, panBy };
})();
