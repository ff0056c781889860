package inferlab.system;

import java.time.Duration;
import java.util.List;

/**
 * Everything one run of an {@link InferenceSystem} did: each candidate with its segments (model text, tool
 * calls and their results), its parsed answer and score, how the candidates were aggregated, the chosen
 * answer, and the compute spent (tokens and wall-clock).
 *
 * @param chosen          index of the candidate whose answer was returned, -1 if none
 * @param promptTokens    tokens of the prompt, prefilled once and shared by all candidates
 * @param generatedTokens tokens the model sampled, summed over candidates
 * @param toolTokens      tokens injected by tools (prefilled, not sampled)
 */
public record Trace(String system, String prompt, List<Candidate> candidates, String aggregation, String answer,
                    int chosen, int promptTokens, int generatedTokens, int toolTokens, Duration wall) {

    /** The candidate whose answer was returned (graders read its text), or empty when none was chosen. */
    public java.util.Optional<Candidate> chosenCandidate() {
        return chosen < 0 ? java.util.Optional.empty() : java.util.Optional.of(candidates.get(chosen));
    }

    /** A piece of a candidate's text: what the model wrote, or a tool call and what came back. */
    public record Segment(Kind kind, String text) {
        public enum Kind { MODEL, TOOL_CALL, TOOL_RESULT }
    }

    /**
     * @param answer  the parsed answer, "" when none could be parsed
     * @param score   what the aggregation ranked by (reward, votes); NaN when unused
     * @param logProb sum of log p of the sampled tokens under the model (tool text excluded)
     */
    public record Candidate(int index, String text, List<Segment> segments, String answer, double score,
                            int generatedTokens, double logProb) {
        public Candidate withScore(double s) {
            return new Candidate(index, text, segments, answer, s, generatedTokens, logProb);
        }

        public long toolCalls() {
            return segments.stream().filter(s -> s.kind() == Segment.Kind.TOOL_CALL).count();
        }
    }

    public long toolCalls() {
        return candidates.stream().mapToLong(Candidate::toolCalls).sum();
    }
}
