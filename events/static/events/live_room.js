// The live meeting room: one socket per page (events/consumers.py), the whole room on connecting and
// the changed sections after every command anyone makes. Commands carry an id made here; while the
// connection is down they wait (in sessionStorage, so a reload keeps them) and are sent again once it is
// back: the room recognises an id it has carried out already, so nothing is recorded twice.
// Everything is written with textContent: no text from the room is ever parsed as HTML.

const root = document.querySelector("[data-live-room]");
const labels = JSON.parse(document.getElementById("live-labels").textContent);
// Unsent commands are kept per meeting and per person: on a shared computer nobody sends another's.
const meetingKey = "live-room-pending:" + root.dataset.socket.split("?")[0] + ":" + (root.dataset.person || "");
const pending = new Map(JSON.parse(sessionStorage.getItem(meetingKey) || "[]"));
let state = null;
let me = null;
let socket = null;
let delay = 1000;
let closedForGood = false;

const $ = (selector, scope = root) => scope.querySelector(selector);
const $$ = (selector, scope = root) => [...scope.querySelectorAll(selector)];
const format = (text, ...values) => values.reduce((result, value) => result.replace("%s", value), text);
const formatNamed = (text, values) => text.replace(/%\((\w+)\)s/g, (_, name) => values[name]);

function element(tag, attributes = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
        if (value === false || value === null || value === undefined) { continue; }
        if (name === "class") { node.className = value; } else if (name.startsWith("on")) {
            node.addEventListener(name.slice(2), value);
        } else { node.setAttribute(name, value === true ? "" : value); }
    }
    for (const child of children.flat()) {
        if (child !== null && child !== undefined && child !== false) {
            node.append(child instanceof Node ? child : document.createTextNode(String(child)));
        }
    }
    return node;
}

function newId() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    return Date.now().toString(36) + "-" + Math.random().toString(36).slice(2);
}

// --- The connection -------------------------------------------------------------------------

// A status region: written only when its words change, so a screen reader does not repeat them.
function showConnection(text, problem) {
    const line = $("[data-live-connection]");
    const words = pending.size && !closedForGood ? `${text} ${format(labels.queued, pending.size)}` : text;
    if (line.textContent !== words) { line.textContent = words; }
    line.classList.toggle("live-connection--lost", Boolean(problem));
}

function connect() {
    const scheme = location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + location.host + root.dataset.socket);
    socket.addEventListener("message", (event) => receive(JSON.parse(event.data)));
    socket.addEventListener("close", (event) => {
        socket = null;
        if (event.code === 4401) {  // signed out, or no longer a member: reconnecting would not help
            closedForGood = true;
            showConnection(labels.ended, true);
            return;
        }
        showConnection(labels.lost, true);
        const wait = event.code === 4409 ? 0 : delay;  // rights changed: come back at once with the new ones
        delay = Math.min(delay * 2, 30000);
        setTimeout(connect, wait + Math.random() * 250);
    });
}

function savePending() {
    sessionStorage.setItem(meetingKey, JSON.stringify([...pending]));
}

function send(type, fields = {}, form = null) {
    const id = newId();
    const message = { type, id, ...fields };
    pending.set(id, message);
    savePending();
    if (form) { form.dataset.pending = id; showFormError(form, ""); }
    if (socket && socket.readyState === WebSocket.OPEN) {
        socket.send(JSON.stringify(message));
    } else {
        showConnection(labels.lost, true);
    }
}

function receive(message) {
    if (message.type === "hello") {
        state = message.state;
        me = message.me;
        delay = 1000;
        showConnection(labels.connected, false);
        showRights();
        renderAll();
        for (const waiting of pending.values()) { socket.send(JSON.stringify(waiting)); }
    } else if (message.type === "state") {
        apply(message.state);
    } else if (message.type === "ack") {
        settle(message.id, "");
        if (message.voted) { me.voted.push(message.voted); renderPolls(); }
    } else if (message.type === "error") {
        settle(message.id, message.message, message.errors);
    }
}

function settle(id, error, errors) {
    if (id && pending.delete(id)) { savePending(); }
    const form = id && $(`form[data-pending="${CSS.escape(id)}"]`);
    if (form) {
        delete form.dataset.pending;
        const fieldErrors = Object.values(errors || {}).flat().join(" ");
        showFormError(form, [error, fieldErrors].filter(Boolean).join(" "));
        if (!error) { form.reset(); }
    } else if (error) {
        announce(error);
    }
    showConnection(socket ? labels.connected : labels.lost, !socket);
}

function showFormError(form, text) {
    const line = $("[data-live-error]", form);
    if (line) { line.textContent = text; }
}

function announce(text) {
    const region = $("[data-live-announcer]");
    region.textContent = "";
    setTimeout(() => { region.textContent = text; }, 50);
}

// --- The state --------------------------------------------------------------------------------

function apply(change) {
    if (!state || change.version <= state.version) { return; }
    // A change was missed: ask for the whole room (the public view's messages are always whole).
    if (change.version !== state.version + 1 && !root.hasAttribute("data-public")) {
        socket && socket.send(JSON.stringify({ type: "sync" }));
        return;
    }
    const before = { current: state.room.current, floor: floorHolder() };
    for (const [section, value] of Object.entries(change)) {
        if (section === "partial" || section === "version") { continue; }
        if ((change.partial || []).includes(section)) {
            const rows = new Map(value.map((row) => [row.person, row]));
            state[section] = state[section].map((row) => rows.get(row.person) || row);
            for (const row of value) {
                if (!state[section].some((known) => known.person === row.person)) { state[section].push(row); }
            }
        } else {
            state[section] = value;
        }
    }
    state.version = change.version;
    renderAll();
    if (state.room.current !== before.current) {
        const item = currentItem();
        if (item) { announce(format(labels.now, itemTitle(item))); }
    }
    const floor = floorHolder();
    if (floor && floor !== before.floor) { announce(format(labels.floor, floor)); }
}

const currentItem = () => state.items.find((item) => item.id === state.room.current) || null;
const itemTitle = (item) => (item.redacted ? labels.confidential : `${item.number}. ${item.title}`);
function floorHolder() {
    const speaking = (state.speakers || []).find((speaker) => speaker.status === "speaking");
    return speaking ? speaking.name : null;
}

// --- Rendering --------------------------------------------------------------------------------

function showRights() {
    for (const part of $$("[data-live-if]")) {
        part.hidden = !(me.can[part.dataset.liveIf] && state.room.status === "open");
    }
    const options = (state.members || []).map((member) => element("option", { value: member.person }, member.name));
    for (const select of $$("[data-live-members]")) {
        const first = select.querySelector("option[value='']");
        select.replaceChildren(...(first ? [first] : []), ...options.map((option) => option.cloneNode(true)));
    }
}

// Re-rendering a list must not lose the keyboard user's place: the focused control is found again by key.
function keepingFocus(render) {
    const key = document.activeElement && document.activeElement.dataset.focusKey;
    render();
    if (key) {  // the control is gone (the speaker got the floor, the poll closed): to the current item
        const again = $(`[data-focus-key="${CSS.escape(key)}"]`) || $("[data-live-current-title]");
        again.focus();
    }
}

function renderAll() {
    root.dataset.status = state.room.status;
    for (const part of $$("[data-live-if]")) {
        part.hidden = !(me.can[part.dataset.liveIf] && state.room.status === "open");
    }
    keepingFocus(() => {
        renderItems();
        renderCurrent();
        renderPolls();
        renderSpeakers();
        renderAttendance();
    });
    tick();
}

function renderItems() {
    const records = me.can.records && state.room.status === "open";
    $("[data-live-items]").replaceChildren(...state.items.map((item) => {
        const current = item.id === state.room.current;
        return element("li", { class: "live-item" + (current ? " live-item--current" : ""), "aria-current": current ? "step" : null },
            element("span", { class: "live-item__title" }, item.redacted ? labels.confidential : item.title),
            " ",
            element("span", { class: "page-meta" }, labels.kinds[item.kind] || "", " · ", format(labels.minutes, item.planned_minutes),
                item.presenter ? " · " + item.presenter : ""),
            records && !current ? element("button", {
                type: "button", class: "link-button", "data-focus-key": "advance-" + item.id,
                onclick: () => send("advance", { item: item.id }),
            }, labels.discuss, element("span", { class: "visually-hidden" }, ": " + itemTitle(item))) : null);
    }));
}

function renderCurrent() {
    const item = currentItem();
    $("[data-live-current-title]").textContent = item ? itemTitle(item) : "–";
    if (!$("[data-live-records]")) { return; }  // the public view shows no records
    const parts = [];
    if (item && !item.redacted) {
        if (item.notes) {
            parts.push(element("h3", {}, labels.notes), element("p", { class: "live-notes" }, item.notes));
        }
        if (item.decisions.length) {
            parts.push(element("h3", {}, labels.decisions),
                element("ol", {}, item.decisions.map((decision) => element("li", {}, decision.text))));
        }
        if (item.tasks.length) {
            parts.push(element("h3", {}, labels.tasks), element("ul", {}, item.tasks.map((task) => element("li", {},
                task.what, task.owner ? " – " + task.owner : "", task.due ? " (" + format(labels.due, localDate(task.due)) + ")" : ""))));
        }
    }
    $("[data-live-records]").replaceChildren(...parts);
}

function localDate(iso) {
    const [year, month, day] = iso.split("-").map(Number);
    return document.documentElement.lang === "cs" ? `${day}. ${month}. ${year}` : new Date(year, month - 1, day).toLocaleDateString("en-GB");
}

function renderPolls() {
    if (!$("[data-live-polls]")) { return; }
    const item = currentItem();
    const polls = state.polls.filter((poll) => item && poll.item === item.id);
    const chosen = new Set($$("[data-live-polls] input:checked").map((input) => input.id));  // a vote being made
    $("[data-live-polls]").replaceChildren(...polls.map((poll) => renderPoll(poll, chosen)));
    const closed = $("[data-live-closed-polls]");
    const selected = closed.value;  // a decision being written keeps its poll
    const none = closed.querySelector("option[value='']");
    closed.replaceChildren(none, ...polls.filter((poll) => !poll.open).map((poll) =>
        element("option", { value: poll.id, selected: String(poll.id) === selected }, poll.question)));
}

function renderPoll(poll, chosen) {
    const voted = me.voted.includes(poll.id);
    const heading = element("h3", {}, labels.poll, ": ", poll.question);
    const meta = element("p", { class: "page-meta" }, poll.anonymous ? labels.anonymous : labels.named, " · ", format(labels.ballots, poll.ballots));
    const box = element("div", { class: "panel live-poll" }, heading, meta);
    if (poll.results) {
        box.append(element("ul", {}, poll.choices.map((choice, index) => element("li", {}, `${choice}: ${poll.results[index]}`))));
    } else if (me.can.participates && !voted && state.room.status === "open") {
        const name = "poll-" + poll.id;
        const form = element("form", { class: "form form--compact" },
            element("fieldset", {}, element("legend", { class: "visually-hidden" }, poll.question),
                poll.choices.map((choice, index) => element("div", { class: "field field__check" },
                    element("input", { type: poll.multiple ? "checkbox" : "radio", name, value: index, id: `${name}-${index}`,
                        required: !poll.multiple, checked: chosen.has(`${name}-${index}`), "data-focus-key": `${name}-${index}` }),
                    element("label", { for: `${name}-${index}` }, choice)))),
            element("p", { class: "field__errors", "data-live-error": true }),
            element("button", { type: "submit", class: "button", "data-focus-key": "vote-" + poll.id }, labels.vote));
        form.addEventListener("submit", (event) => {
            event.preventDefault();
            const choices = $$(`input[name="${name}"]:checked`, form).map((input) => Number(input.value));
            send("vote", { poll: poll.id, choices }, form);
        });
        box.append(form);
    } else if (voted) {
        box.append(element("p", {}, labels.voted));
    }
    if (poll.open && me.can.records && state.room.status === "open") {
        box.append(element("button", { type: "button", class: "button button--secondary", "data-focus-key": "close-" + poll.id,
            onclick: () => send("poll_close", { poll: poll.id }) }, labels.close_poll));
    }
    return box;
}

function renderSpeakers() {
    if (!$("[data-live-floor]")) { return; }
    const floor = floorHolder();
    $("[data-live-floor]").textContent = floor ? format(labels.floor, floor) : labels.no_floor;
    const chairs = me.can.chairs && state.room.status === "open";
    const waiting = state.speakers.filter((speaker) => speaker.status === "waiting");
    $("[data-live-speakers]").replaceChildren(...waiting.map((speaker) => element("li", {}, speaker.name,
        chairs ? [" ", element("button", { type: "button", class: "link-button", "data-focus-key": "floor-" + speaker.id,
            onclick: () => send("give_floor", { request: speaker.id }) }, labels.give_floor,
            element("span", { class: "visually-hidden" }, ": " + speaker.name))] : null)));
    const mine = state.speakers.find((speaker) => speaker.person === me.person && speaker.status === "waiting");
    const ask = $("[data-live-ask]");
    ask.textContent = mine ? labels.withdraw : (state.room.queue_open ? labels.ask : labels.queue_closed);
    ask.disabled = !mine && !state.room.queue_open;
    const queue = $("[data-live-queue]");
    queue.textContent = state.room.queue_open ? labels.close_queue : labels.open_queue;
    $("[data-live-end-floor]").hidden = !floor;
}

function renderAttendance() {
    const publicToggle = $("[data-live-public]");
    if (publicToggle) { publicToggle.textContent = state.room.public ? labels.hide_public : labels.show_public; }
    if (!$("[data-live-attendance]")) { return; }
    const rows = state.attendance;
    const present = rows.filter((row) => row.status === "present").length;
    $("[data-live-attendance-count]").textContent = formatNamed(labels.present, { present, total: rows.length });
    const records = me.can.records && state.room.status === "open";
    $("[data-live-attendance]").replaceChildren(...rows.map((row) => {
        const label = row.name + (row.organisation ? ` (${row.organisation})` : "");
        if (!records) {
            return element("li", {}, label, ": ", element("span", { class: "live-status live-status--" + (row.status || "none") }, labels.attendance[row.status]));
        }
        const id = "live-attendance-" + row.person;
        const select = element("select", { id, "data-focus-key": id, onchange: (event) => send("check_in", { person: row.person, status: event.target.value }) },
            Object.entries(labels.attendance).filter(([value]) => value).map(([value, text]) =>
                element("option", { value, selected: row.status === value }, text)));
        if (!row.status) { select.prepend(element("option", { value: "", selected: true, disabled: true }, labels.attendance[""])); }
        return element("li", { class: "live-attendance-row" }, element("label", { for: id }, label), select);
    }));
    const mine = rows.find((row) => row.person === me.person);
    const checkIn = $("[data-live-check-in]");
    checkIn.hidden = Boolean(mine && mine.status === "present");
    const takers = $("[data-live-note-takers]");
    takers.replaceChildren(...state.room.note_takers.map((person) => {
        const member = state.members.find((known) => known.person === person);
        const name = member ? member.name : String(person);
        return element("li", {}, name, " ", element("button", { type: "button", class: "link-button", "data-focus-key": "taker-" + person,
            onclick: () => send("delegate", { person, on: false }) }, labels.remove, element("span", { class: "visually-hidden" }, ": " + name)));
    }));
}

// The timer of the current item against its planned minutes, every second.
function tick() {
    const timer = $("[data-live-timer]");
    const item = state && currentItem();
    if (!item || !state.room.item_started_at || state.room.status !== "open") { timer.hidden = true; return; }
    const seconds = Math.max(0, Math.floor((Date.now() - Date.parse(state.room.item_started_at)) / 1000));
    const elapsed = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
    const over = seconds > item.planned_minutes * 60;
    timer.hidden = false;
    timer.textContent = formatNamed(labels.elapsed, { elapsed, planned: item.planned_minutes }) + (over ? ` – ${labels.over}` : "");
    timer.classList.toggle("live-timer--over", over);
}

// --- What people do ---------------------------------------------------------------------------

function formValues(form) {
    const values = {};
    for (const field of form.elements) {
        if (!field.name) { continue; }
        if (field.type === "checkbox") { values[field.name] = field.checked; } else if (field.value !== "") {
            values[field.name] = /^(poll|owner|person)$/.test(field.name) ? Number(field.value) : field.value;
        }
    }
    if (values.on === "true") { values.on = true; }
    return values;
}

for (const form of $$("form[data-live-command]")) {
    form.addEventListener("submit", (event) => {
        event.preventDefault();
        const values = formValues(form);
        const type = form.dataset.liveCommand;
        if (["note", "decision", "task"].includes(type)) { values.item = state.room.current; }
        send(type, values, form);
    });
}

$("[data-live-next]")?.addEventListener("click", () => {
    const index = state.items.findIndex((item) => item.id === state.room.current);
    const next = state.items[index + 1];
    if (next) { send("advance", { item: next.id }); }
});
$("[data-live-ask]")?.addEventListener("click", () => {
    const mine = state.speakers.find((speaker) => speaker.person === me.person && speaker.status === "waiting");
    send(mine ? "withdraw" : "ask_to_speak");
});
$("[data-live-end-floor]")?.addEventListener("click", () => send("end_floor"));
$("[data-live-queue]")?.addEventListener("click", () => send("queue", { open: !state.room.queue_open }));
$("[data-live-check-in]")?.addEventListener("click", () => send("check_in", {}));
$("[data-live-public]")?.addEventListener("click", () => send("public", { open: !state.room.public }));

showConnection(labels.connecting, false);
connect();
setInterval(tick, 1000);
