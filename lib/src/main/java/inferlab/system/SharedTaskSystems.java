package inferlab.system;

import inferlab.decode.Decoder;
import inferlab.decode.Greedy;
import inferlab.decode.Sampler;
import inferlab.decode.SamplingParams;
import inferlab.model.Completion;
import inferlab.model.CompletionModel;
import inferlab.model.CompletionRequest;
import inferlab.model.LanguageModel;
import inferlab.serve.BatchingEngine;
import inferlab.task.GraphPaths;
import inferlab.task.Instructions;
import inferlab.task.MultipleChoice;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * The shared task's systems by name: each a factory from the in-process language model to a
 * {@link CompletionModel}. {@code baseline-b} (basic) and {@code baseline-a} (improved) are registered here;
 * a student registers their own with {@link #register} and runs it with
 * {@code bin/inferlab run-shared-task --system NAME} or {@code Harness.run}.
 */
public final class SharedTaskSystems {
    private SharedTaskSystems() {}

    /** Builds a system on the course's model. */
    @FunctionalInterface
    public interface Factory {
        CompletionModel create(LanguageModel model);
    }

    /** Self-consistency samples per multiple-choice question in baseline-a, and their temperature. */
    public static final int VOTES = 5;
    public static final double VOTE_TEMPERATURE = 0.7;
    /** "<option>, so the answer is (C)." is 9 tokens after the option's: room for options of a few words. */
    public static final int CHOICE_TOKENS = 32;

    private static final Map<String, Factory> SYSTEMS = new LinkedHashMap<>();

    static {
        register("baseline-b", SharedTaskSystems::basic);
        register("baseline-a", SharedTaskSystems::improved);
    }

    /** Adds (or replaces) a named system. */
    public static synchronized void register(String name, Factory factory) {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("a system needs a name");
        SYSTEMS.put(name, factory);
    }

    /** The names in the order they were registered (the baselines first). */
    public static synchronized List<String> names() {
        return List.copyOf(SYSTEMS.keySet());
    }

    /** The named system on {@code model}; unknown names fail with the list of known ones. */
    public static CompletionModel create(String name, LanguageModel model) {
        Factory f;
        synchronized (SharedTaskSystems.class) {
            f = SYSTEMS.get(name);
            if (f == null) throw new IllegalArgumentException("unknown system " + name + " (known: " + String.join(", ", SYSTEMS.keySet()) + ")");
        }
        return f.create(model);
    }

    /** The basic baseline: greedy decoding of every prompt, one request at a time. */
    public static CompletionModel basic(LanguageModel model) {
        return greedy(model, "greedy");
    }

    /**
     * The improved baseline: a {@link Router} that answers graph questions with the {@link GraphSolver}
     * (exact, no model), multiple choice by self-consistency over {@link #VOTES} samples decoded as one batch
     * (one question at a time), and instructions and anything else by greedy decoding in a continuous-batching
     * {@link BatchingEngine}: concurrent requests share each forward pass.
     */
    public static Router improved(LanguageModel model) {
        Map<String, CompletionModel> routes = new LinkedHashMap<>();
        CompletionModel batched = withinContext(model,
                new BatchingEngine(model, "greedy (continuous batching)", BatchingEngine.Mode.CONTINUOUS, 32, model.contextLength()));
        routes.put(GraphPaths.NAME, new GraphSolver());
        routes.put(MultipleChoice.NAME, selfConsistency(model, VOTES, VOTE_TEMPERATURE, CHOICE_TOKENS));
        routes.put(Instructions.NAME, batched);
        return new Router("router", routes, batched);
    }

    /** {@code inner} with each request's max_tokens cut so that prompt and completion fit the model's context. */
    static CompletionModel withinContext(LanguageModel model, CompletionModel inner) {
        return new CompletionModel() {
            @Override
            public Completion complete(CompletionRequest r) {
                int room = model.contextLength() - model.tokenizer().orElseThrow().encode(r.prompt()).length;
                if (room < 1) throw new IllegalArgumentException("prompt fills the model's context of " + model.contextLength() + " tokens");
                return inner.complete(room >= r.maxTokens() ? r : new CompletionRequest(r.prompt(), room, r.temperature(),
                        r.topP(), r.topK(), r.minP(), r.seed(), r.stop(), r.n(), r.logprobs(), r.echo()));
            }

            @Override
            public String name() {
                return inner.name();
            }
        };
    }

    /** Greedy decoding as a completion model, one request at a time. */
    public static CompletionModel greedy(LanguageModel model, String name) {
        return new SystemCompletionModel(name, r -> new SingleSample(name,
                completer(model, r, r.maxTokens(), rng -> new Greedy(), t -> t)), true);
    }

    /**
     * Self-consistency over {@code n} samples at {@code temperature} (the samples advance as one batch),
     * voting on the parsed option letter; at most {@code maxTokens} new tokens. One request at a time.
     */
    public static CompletionModel selfConsistency(LanguageModel model, int n, double temperature, int maxTokens) {
        Function<String, String> letter = t -> {
            Character c = MultipleChoice.parseLetter(t);
            return c == null ? "" : c.toString();
        };
        SamplingParams sampling = SamplingParams.ancestral(temperature);
        return new SystemCompletionModel("self-consistency@" + n, r -> new SelfConsistency(
                completer(model, r, Math.min(maxTokens, r.maxTokens()), rng -> new Sampler(sampling, rng), letter), n), true);
    }

    /** A completer for one request: its stop strings, at most {@code maxTokens} new tokens within the context. */
    static Completer completer(LanguageModel model, CompletionRequest r, int maxTokens,
                               Function<RandomGenerator, Decoder> decoder, Function<String, String> parser) {
        int room = model.contextLength() - model.tokenizer().orElseThrow().encode(r.prompt()).length;
        if (room < 1) throw new IllegalArgumentException("prompt fills the model's context of " + model.contextLength() + " tokens");
        return new Completer(model, decoder, Math.min(maxTokens, room), new ArrayList<>(r.stop()), null, parser);
    }
}
