/**
 * Periodic work and who does it: a {@link dev.jobprocessor.application.maintenance.PeriodicTask} names one kind of
 * maintenance (its interval, and whether only the leader runs it), and the one
 * {@link dev.jobprocessor.application.maintenance.MaintenanceRunner} per process runs them, campaigning for
 * leadership through the {@link dev.jobprocessor.application.port.Leadership} port. The lease reaper, count folding
 * and gauge refresh live here today; recurring schedules and retention sweeps are the next leader-only tasks.
 */
package dev.jobprocessor.application.maintenance;
