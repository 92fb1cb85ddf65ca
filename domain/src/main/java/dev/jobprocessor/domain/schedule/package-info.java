/**
 * Schedules, as pure rules over immutable records (docs/SCHEDULES.md): what a schedule is
 * ({@link dev.jobprocessor.domain.schedule.ScheduleRequest} checked into a
 * {@link dev.jobprocessor.domain.schedule.ScheduleDefinition}, stored as a
 * {@link dev.jobprocessor.domain.schedule.Schedule}), when it fires ({@link dev.jobprocessor.domain.schedule.FireTimes}
 * places a {@link dev.jobprocessor.domain.schedule.Cadence}'s wall-clock ticks in a time zone, daylight-saving time
 * included), and what a firing round does with due and missed ticks ({@link dev.jobprocessor.domain.schedule.FireRound}).
 * Cron parsing itself is behind the {@code CadenceParser} port, in the cron adapter.
 */
package dev.jobprocessor.domain.schedule;
