// Reads calendar files the way Thunderbird does (Mozilla's ical.js), using only each file's own
// VTIMEZONEs, and prints every event's start and end as UTC seconds, as JSON:
//   {"FILE": {"events": {"UID": [start, end]}, "problems": ["..."]}}
// A floating time, or a TZID the file gives no VTIMEZONE for, is a problem, never a guess.
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

function instant(event, name, problems) {
  const property = event.getFirstProperty(name);
  if (!property) {
    problems.push(`${name} missing`);
    return null;
  }
  const tzid = property.getParameter("tzid");
  if (tzid && !ICAL.TimezoneService.has(tzid)) {
    problems.push(`${name} names TZID ${tzid}, which the file does not define`);
    return null;
  }
  const time = property.getFirstValue();
  if (time.zone === ICAL.Timezone.localTimezone) {
    problems.push(`${name} ${time.toString()} is floating`);
    return null;
  }
  return time.toUnixTime();
}

const results = {};
for (const file of process.argv.slice(2)) {
  const problems = [];
  const events = {};
  try {
    const calendar = new ICAL.Component(ICAL.parse(readFileSync(file, "utf8")));
    ICAL.TimezoneService.reset(); // only this file's zones (and UTC, which ical.js always knows)
    for (const vtimezone of calendar.getAllSubcomponents("vtimezone")) {
      ICAL.TimezoneService.register(vtimezone);
    }
    for (const event of calendar.getAllSubcomponents("vevent")) {
      const uid = event.getFirstPropertyValue("uid");
      events[uid] = [instant(event, "dtstart", problems), instant(event, "dtend", problems)];
    }
  } catch (error) {
    problems.push(`cannot read: ${error}`);
  }
  results[file] = { events, problems };
}
process.stdout.write(JSON.stringify(results));
