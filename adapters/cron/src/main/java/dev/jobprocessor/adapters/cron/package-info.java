/**
 * The {@link dev.jobprocessor.application.port.CadenceParser} port backed by cron-utils: five-field Unix cron, six
 * fields with seconds first, and the {@code @hourly}-style macros, read into local-time cadences. The library does
 * the parsing and the next-match arithmetic on the wall clock; the domain's {@code FireTimes} places the ticks in a
 * time zone, so the daylight-saving rules are ours and tested on their own (docs/SCHEDULES.md).
 */
package dev.jobprocessor.adapters.cron;
