// The status page: reads the host's public JSON (and, given the admin token, the configuration
// history) every few seconds and renders it. Every value is written as text, never as markup.
"use strict";

const REFRESH_MS = 2000;
const TOKEN_KEY = "xseven-mesh-admin-token";

function cell(row, text, className) {
	const td = row.insertCell();
	td.textContent = text === null || text === undefined || text === "" ? "–" : String(text);
	if (className) {
		td.className = className;
	}
	return td;
}

function badge(row, status) {
	const td = row.insertCell();
	const span = document.createElement("span");
	span.className = "badge";
	span.dataset.status = status || "UNKNOWN";
	span.textContent = status || "UNKNOWN";
	td.appendChild(span);
	return td;
}

function fill(tableId, items, render, emptyText) {
	const body = document.getElementById(tableId).tBodies[0];
	body.replaceChildren();
	if (items.length === 0) {
		const row = body.insertRow();
		const td = cell(row, emptyText, "empty");
		td.colSpan = document.getElementById(tableId).tHead.rows[0].cells.length;
		return;
	}
	for (const item of items) {
		const row = body.insertRow();
		render(row, item);
	}
}

function time(value) {
	return value ? new Date(value).toLocaleTimeString() : null;
}

function percent(rate) {
	return rate < 0 ? "not enough calls" : rate.toFixed(1) + " %";
}

function renderSystem(system) {
	const badgeElement = document.getElementById("system");
	badgeElement.dataset.status = system.status;
	badgeElement.textContent = "System " + system.status;
	const instance = system.instance || {};
	const summary = "Instance " + (instance.id || "–") + ", start-up " + system.startupMode
		+ (system.fallbackReason ? " (fell back: " + system.fallbackReason + ")" : "")
		+ ", checked " + time(system.checkedAt);
	document.getElementById("summary").textContent = summary;
	document.getElementById("config-version").textContent = "Configuration version in force here: "
		+ (instance.configVersion === undefined ? "–" : instance.configVersion);
	const services = Object.entries(system.services || {});
	fill("services", services, (row, [name, service]) => {
		row.dataset.service = name;
		cell(row, name);
		badge(row, service.stale ? "DOWN" : service.status).title = service.stale ? "stale result" : "";
		cell(row, service.required ? "required" : "optional");
		cell(row, service.state);
		cell(row, service.latencyMs === null ? null : service.latencyMs.toFixed(1) + " ms");
		cell(row, service.stale ? time(service.checkedAt) + " (stale)" : time(service.checkedAt));
		cell(row, service.circuitBreaker);
		cell(row, (service.dependsOn || []).join(", "));
		cell(row, service.error, "error");
	}, "No service is registered.");
	fill("instances", system.instances || [], (row, member) => {
		cell(row, member.id + (member.id === instance.id ? " (this one)" : ""));
		badge(row, member.status);
		cell(row, member.configVersion);
		cell(row, time(member.lastSeen));
	}, "No other instance has been seen.");
	fill("changes", system.recentChanges || [], (row, change) => {
		cell(row, time(change.at));
		cell(row, change.service);
		badge(row, change.from);
		badge(row, change.to);
		cell(row, change.error, "error");
	}, "No status has changed since start-up.");
}

function renderBreakers(answer) {
	fill("breakers", Object.entries(answer.breakers || {}), (row, [name, breaker]) => {
		row.dataset.breaker = name;
		cell(row, name);
		badge(row, breaker.state);
		cell(row, percent(breaker.failureRate));
		cell(row, percent(breaker.slowCallRate));
		cell(row, breaker.bufferedCalls);
		cell(row, breaker.failedCalls);
		cell(row, breaker.notPermittedCalls);
	}, "No circuit breaker exists.");
}

function renderHistory(entries) {
	const table = document.getElementById("history");
	table.hidden = false;
	fill("history", entries, (row, entry) => {
		cell(row, entry.version);
		cell(row, new Date(entry.appliedAt).toLocaleString());
		cell(row, entry.source);
		cell(row, entry.instance);
		cell(row, (entry.changed || []).join(", "));
	}, "No runtime change has been made.");
}

// The answer's JSON; /health/system answers 503 with the same body while the system is DOWN.
async function read(path, headers) {
	const response = await fetch(path, { headers: headers || {}, cache: "no-store" });
	if (!response.ok && response.status !== 503) {
		const error = new Error(path + " answered " + response.status);
		error.status = response.status;
		throw error;
	}
	return response.json();
}

function showError(id, message) {
	const element = document.getElementById(id);
	element.textContent = message;
	element.hidden = !message;
}

async function refreshHistory() {
	const token = sessionStorage.getItem(TOKEN_KEY);
	if (!token) {
		document.getElementById("history").hidden = true;
		showError("history-error", "");
		return;
	}
	try {
		renderHistory(await read("/admin/config/history", { Authorization: "Bearer " + token }));
		showError("history-error", "");
	}
	catch (error) {
		document.getElementById("history").hidden = true;
		showError("history-error", error.status === 401 ? "The admin token is not valid." : error.message);
	}
}

async function refresh() {
	try {
		const [system, breakers] = await Promise.all([read("/health/system"), read("/health/circuit-breakers")]);
		renderSystem(system);
		renderBreakers(breakers);
		showError("fetch-error", "");
		document.getElementById("refreshed").textContent = new Date().toLocaleTimeString();
	}
	catch (error) {
		showError("fetch-error", "The host did not answer: " + error.message);
	}
	await refreshHistory();
	setTimeout(refresh, REFRESH_MS);
}

document.addEventListener("DOMContentLoaded", () => {
	document.getElementById("interval").textContent = String(REFRESH_MS / 1000);
	document.getElementById("token-form").addEventListener("submit", (event) => {
		event.preventDefault();
		const input = document.getElementById("token");
		if (input.value) {
			sessionStorage.setItem(TOKEN_KEY, input.value);
		}
		input.value = "";
		refreshHistory();
	});
	document.getElementById("forget").addEventListener("click", () => {
		sessionStorage.removeItem(TOKEN_KEY);
		refreshHistory();
	});
	refresh();
});
