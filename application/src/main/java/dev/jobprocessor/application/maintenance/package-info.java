/**
 * Periodic work and who does it: a {@link dev.jobprocessor.application.maintenance.PeriodicTask} names one kind of
 * maintenance (its interval, and whether only the leader runs it), and the one
 * {@link dev.jobprocessor.application.maintenance.MaintenanceRunner} per process runs them, campaigning for
 * leadership through the {@link dev.jobprocessor.application.port.Leadership} port. A slow round stretches the wait
 * before the next ({@link dev.jobprocessor.domain.StretchingInterval}). The tasks themselves (the lease reaper,
 * retention, count folding, firing schedules, gauges) are wired by bootstrap.
 */
package dev.jobprocessor.application.maintenance;
