package inferlab.serve.sim;

import inferlab.task.PoissonSchedule;
import inferlab.task.SharedTaskResult;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntUnaryOperator;

/**
 * One request as the simulator sees it: when it arrives, how long its prompt is, how many tokens it will
 * generate, and how many it was allowed ({@code max_tokens}, what the KV admission check reserves).
 *
 * @param arrival      seconds after the start
 * @param promptTokens p ≥ 1
 * @param outputTokens o, 1 ≤ o ≤ maxTokens
 * @param maxTokens    m
 */
public record SimRequest(double arrival, int promptTokens, int outputTokens, int maxTokens) {

    public SimRequest {
        if (!(arrival >= 0) || Double.isInfinite(arrival)) throw new IllegalArgumentException("arrival must be finite and >= 0 s, got " + arrival);
        if (promptTokens < 1) throw new IllegalArgumentException("a prompt has at least one token, got " + promptTokens);
        if (outputTokens < 1 || outputTokens > maxTokens) {
            throw new IllegalArgumentException("output tokens must be in 1..maxTokens = " + maxTokens + ", got " + outputTokens);
        }
    }

    /** KV-cache tokens the request holds while it decodes: p + m. */
    public int reservedTokens() {
        return promptTokens + maxTokens;
    }

    /**
     * Requests on a Poisson schedule (the shared task's arrivals), the i-th with {@code prompt(i)} prompt tokens
     * and {@code output(i)} output tokens.
     */
    public static List<SimRequest> onSchedule(PoissonSchedule schedule, IntUnaryOperator prompt, IntUnaryOperator output,
                                              int maxTokens) {
        List<SimRequest> out = new ArrayList<>();
        for (PoissonSchedule.Arrival a : schedule.arrivals()) {
            for (int k = 0; k < a.size(); k++) {
                int i = out.size();
                out.add(new SimRequest(a.seconds(), prompt.applyAsInt(i), output.applyAsInt(i), maxTokens));
            }
        }
        return out;
    }

    /**
     * The served requests of a real run, replayed: same arrival times, prompt and output lengths. Requests that
     * were not served carry no token counts and are left out; so are answers of zero tokens (nothing to decode).
     */
    public static List<SimRequest> replay(SharedTaskResult run) {
        return run.requests().stream().filter(r -> r.served() && r.completionTokens() > 0)
                .map(r -> new SimRequest(r.arrival(), r.promptTokens(), r.completionTokens(), run.load().maxTokens()))
                .toList();
    }
}
