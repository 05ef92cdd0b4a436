// The header on a phone: the menu and the tools fold under one button, so the page starts on the first
// screen. Only with JavaScript: without it the header shows everything, as on a wide screen. The button
// is shown (by the stylesheet) only on narrow screens; Escape closes the open menu.
(function () {
    "use strict";
    var toggle = document.querySelector("[data-menu-toggle]");
    var menu = toggle && document.getElementById(toggle.getAttribute("aria-controls"));
    if (!menu) { return; }
    var header = toggle.closest(".site-header");

    function setOpen(open) {
        header.classList.toggle("site-header--open", open);
        toggle.setAttribute("aria-expanded", String(open));
    }

    header.classList.add("site-header--collapsible");
    setOpen(false);
    toggle.addEventListener("click", function () {
        setOpen(toggle.getAttribute("aria-expanded") !== "true");
    });
    header.addEventListener("keydown", function (event) {
        if (event.key !== "Escape" || toggle.getAttribute("aria-expanded") !== "true" || !toggle.offsetParent) {
            return;
        }
        setOpen(false);
        toggle.focus();
    });
}());

// Live notification badge: one WebSocket per page, reconnecting with backoff. Pages work without it;
// when the socket keeps failing (no channel layer, a proxy without WebSockets) the badge falls back
// to asking the server for the count once a minute.
(function () {
    "use strict";
    var link = document.querySelector("[data-notification-socket]");
    if (!link || !("WebSocket" in window)) { return; }
    var badge = link.querySelector("[data-notification-badge]");
    var count = link.querySelector("[data-notification-count]");
    var announcer = document.querySelector("[data-notification-announcer]");
    var path = link.getAttribute("data-notification-socket");
    var countUrl = link.getAttribute("data-notification-count-url");
    var menuBadge = document.querySelector("[data-menu-badge]");  // the same count on the phone's menu button
    var menuCount = document.querySelector("[data-menu-count]");
    var delay = 1000;
    var maxDelay = 30000;
    var failures = 0;
    var maxFailures = 5;
    var pollEvery = 60000;

    function showCount(unread) {
        count.textContent = String(unread);
        badge.hidden = !unread;
        if (menuBadge && menuCount) {
            menuCount.textContent = String(unread);
            menuBadge.hidden = !unread;
        }
    }

    function connect() {
        var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
        var socket = new WebSocket(scheme + window.location.host + path);
        socket.addEventListener("open", function () { delay = 1000; failures = 0; });
        socket.addEventListener("message", function (event) {
            var data;
            try { data = JSON.parse(event.data); } catch (error) { return; }
            if (typeof data.unread === "number") { showCount(data.unread); }
            if (data.type === "notification" && data.title && announcer) { announcer.textContent = data.title; }
        });
        socket.addEventListener("close", function (event) {
            if (event.code === 4401) { return; }  // signed out: do not knock again
            failures += 1;
            if (failures >= maxFailures) { poll(); return; }
            window.setTimeout(connect, delay + Math.random() * 500);
            delay = Math.min(delay * 2, maxDelay);
        });
    }
    function poll() {
        window.fetch(countUrl, {credentials: "same-origin", headers: {"Accept": "application/json"}})
            .then(function (response) { return response.ok ? response.json() : null; })
            .then(function (data) { if (data && typeof data.unread === "number") { showCount(data.unread); } })
            .catch(function () { /* offline: try again later */ })
            .finally(function () { window.setTimeout(poll, pollEvery); });
    }

    connect();
}());

// Wagtail's user bar for editors, fetched once the page has loaded (portal_tags.userbar says why). Its
// external scripts are made anew so that they run, in their order (its JSON settings stay as they are).
(function () {
    "use strict";
    var slot = document.querySelector("[data-userbar]");
    if (!slot || !window.fetch) { return; }
    fetch(slot.getAttribute("data-userbar"), {credentials: "same-origin"}).then(function (response) {
        return response.ok && !response.redirected ? response.text() : "";
    }).then(function (html) {
        if (html.indexOf("<wagtail-userbar>") === -1) { return; }  // not the bar (a sign-in page, a step)
        var bar = document.createRange().createContextualFragment(html);
        bar.querySelectorAll("script[src]").forEach(function (inert) {
            var script = document.createElement("script");
            script.src = inert.src;
            script.async = false;
            inert.replaceWith(script);
        });
        slot.replaceWith(bar);
    }).catch(function () { /* no bar: the page itself is whole */ });
}());
