package dev.jobprocessor.adapters.http;

import static dev.jobprocessor.adapters.http.JobView.time;

import dev.jobprocessor.application.WorkflowReport;
import dev.jobprocessor.application.port.WorkflowGraph;
import dev.jobprocessor.domain.workflow.Workflow;
import java.util.List;
import java.util.Map;

/**
 * A workflow as the API shows it (docs/WORKFLOWS.md, "Workflows"): its own state — {@code failed_job} names the job
 * that failed it — its jobs counted by state, every job in full and every edge ({@code child} depends on
 * {@code parent}).
 */
record WorkflowView(
        String id,
        String name,
        String state,
        String failedJob,
        String createdAt,
        String createdBy,
        Map<String, Integer> totals,
        List<JobView> jobs,
        List<EdgeView> edges) {

    record EdgeView(String parent, String child) {}

    static WorkflowView from(WorkflowReport report) {
        Workflow workflow = report.graph().workflow();
        return new WorkflowView(
                workflow.id().toString(),
                workflow.name(),
                report.status().state().wireName(),
                report.status().failedJob() == null
                        ? null
                        : report.status().failedJob().toString(),
                time(workflow.createdAt()),
                workflow.createdBy(),
                StateTotals.byWireName(report.status().totals()),
                report.graph().jobs().stream().map(JobView::from).toList(),
                report.graph().edges().stream().map(WorkflowView::edge).toList());
    }

    private static EdgeView edge(WorkflowGraph.Edge edge) {
        return new EdgeView(edge.parent().toString(), edge.child().toString());
    }
}
