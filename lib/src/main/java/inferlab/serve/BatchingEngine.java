package inferlab.serve;

import inferlab.decode.Decoder;
import inferlab.decode.Sampler;
import inferlab.decode.SamplingParams;
import inferlab.model.Completion;
import inferlab.model.CompletionModel;
import inferlab.model.CompletionRequest;
import inferlab.model.LanguageModel;
import inferlab.model.Session;
import inferlab.model.Tokenizer;
import inferlab.prob.Softmax;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Serves completion requests from many threads on one in-process model, batching them.
 *
 * <p>One scheduler thread owns the model. Each step it advances every running sequence by one token in a
 * single {@link LanguageModel#appendBatch} call. With {@link Mode#CONTINUOUS} (Orca, vLLM) a waiting request
 * joins the batch at the next step and a finished one leaves at once; with {@link Mode#STATIC} a batch is
 * formed from whoever waits, runs until its last sequence finishes, and only then admits the next: short
 * requests wait for long ones. Comparing the two under the shared task's load is the point of HW4's batching
 * section.
 */
public final class BatchingEngine implements CompletionModel, AutoCloseable {

    public enum Mode { CONTINUOUS, STATIC }

    private final LanguageModel model;
    private final Tokenizer tokenizer;
    private final String name;
    private final Mode mode;
    private final int maxBatch;
    private final int maxPromptTokens;
    private final LinkedBlockingQueue<Sequence> waiting = new LinkedBlockingQueue<>();
    private final Thread scheduler;
    private volatile boolean closed;

    public BatchingEngine(LanguageModel model, String name, Mode mode, int maxBatch, int maxPromptTokens) {
        if (maxBatch < 1) throw new IllegalArgumentException("max batch must be >= 1, got " + maxBatch);
        this.model = model;
        this.tokenizer = model.tokenizer().orElseThrow(
                () -> new IllegalArgumentException("serving text needs a model with a tokenizer.json"));
        this.name = name;
        this.mode = mode;
        this.maxBatch = maxBatch;
        this.maxPromptTokens = maxPromptTokens;
        this.scheduler = new Thread(this::run, "inferlab-batching");
        scheduler.setDaemon(true);
        scheduler.start();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Completion complete(CompletionRequest r) {
        if (closed) throw new IllegalStateException("engine is closed");
        int[] prompt = tokenizer.encode(r.prompt());
        if (prompt.length == 0) throw new IllegalArgumentException("the prompt encodes to no tokens");
        if (prompt.length > maxPromptTokens) {
            throw new IllegalArgumentException("prompt has " + prompt.length + " tokens; the limit is " + maxPromptTokens);
        }
        List<Sequence> seqs = new ArrayList<>();
        for (int i = 0; i < r.n(); i++) {
            long seed = r.seed() == null ? System.nanoTime() + i : r.seed() + i;
            Sequence s = new Sequence(r, prompt, decoder(r, seed), tokenizer);
            seqs.add(s);
            waiting.add(s);
        }
        // closed meanwhile: the scheduler may have failed the queue before these joined it
        if (closed) seqs.forEach(s -> s.fail(new IllegalStateException("engine closed")));
        List<Completion.Choice> choices = new ArrayList<>();
        int generated = 0;
        for (Sequence s : seqs) {
            try {
                choices.add(s.done.get());
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted");
            }
            generated += s.generated.size();
        }
        return new Completion(choices, prompt.length, generated);
    }

    /** The request's sampling knobs (OpenAI's defaults: no top-k, no min-p) as a seeded sampler. */
    static Decoder decoder(CompletionRequest r, long seed) {
        return new Sampler(SamplingParams.DEFAULT.withTemperature(r.temperature()).withTopK(r.topK())
                .withTopP(r.topP()).withMinP(r.minP()), new java.util.Random(seed));
    }

    @Override
    public void close() {
        closed = true;
        scheduler.interrupt();
    }

    private void run() {
        List<Sequence> running = new ArrayList<>();
        try {
            while (!closed) {
                if (running.isEmpty()) running.add(waiting.take());
                if (mode == Mode.CONTINUOUS || running.stream().allMatch(s -> s.session == null)) {
                    waiting.drainTo(running, maxBatch - running.size());
                }
                for (Sequence s : running) {
                    try {
                        if (s.session == null) s.prefill(model);
                    } catch (RuntimeException e) { // e.g. a prompt beyond the model's context: fail it, serve the rest
                        s.fail(e);
                    }
                }
                running.removeIf(s -> s.done.isDone());
                step(running);
            }
        } catch (InterruptedException stop) {
            // closing
        } finally {
            running.forEach(s -> s.fail(new IllegalStateException("engine closed")));
            waiting.forEach(s -> s.fail(new IllegalStateException("engine closed")));
        }
    }

    /** Picks each running sequence's next token, retires finished ones, advances the rest as one batch. */
    private void step(List<Sequence> running) {
        List<Sequence> advance = new ArrayList<>();
        int[] next = new int[running.size()];
        for (Sequence s : running) {
            try {
                int t = s.pickNext();
                if (s.finish(t, model.eosTokenId())) continue;
                next[advance.size()] = t;
                advance.add(s);
            } catch (RuntimeException e) {
                s.fail(e);
            }
        }
        if (!advance.isEmpty()) {
            try {
                float[][] logits = model.appendBatch(advance.stream().map(s -> s.session).toList(),
                        java.util.Arrays.copyOf(next, advance.size()));
                for (int i = 0; i < advance.size(); i++) advance.get(i).logits = logits[i];
            } catch (RuntimeException e) {
                advance.forEach(s -> s.fail(e));
            }
        }
        running.removeIf(s -> s.done.isDone());
    }

    /** One completion in flight. */
    private static final class Sequence {
        final CompletionRequest request;
        final int[] prompt;
        final Decoder decoder;
        final Tokenizer tok;
        final List<Integer> generated = new ArrayList<>();
        final List<Double> logprobs = new ArrayList<>();
        final List<Map<String, Double>> tops = new ArrayList<>();
        final CompletableFuture<Completion.Choice> done = new CompletableFuture<>();
        Session session;
        float[] logits;
        float[][] promptLogits;

        Sequence(CompletionRequest request, int[] prompt, Decoder decoder, Tokenizer tok) {
            this.request = request;
            this.prompt = prompt;
            this.decoder = decoder;
            this.tok = tok;
        }

        void prefill(LanguageModel model) {
            session = model.newSession();
            promptLogits = session.append(prompt);
            logits = promptLogits[promptLogits.length - 1];
        }

        int pickNext() {
            if (request.maxTokens() == 0) return -1;
            int t = decoder.next(session.tokens(), logits);
            if (request.logprobs() != null) {
                float[] lp = Softmax.logSoftmax(logits);
                logprobs.add((double) lp[t]);
                tops.add(top(lp, request.logprobs()));
            }
            return t;
        }

        /** Records {@code t}; completes and returns true when the sequence ends here. */
        boolean finish(int t, int eos) {
            if (t < 0) return complete("length");
            if (t == eos) return complete("stop");
            generated.add(t);
            if (!request.stop().isEmpty()) {
                String text = tok.decode(ids(generated));
                for (String stop : request.stop()) {
                    int at = text.indexOf(stop);
                    if (at >= 0) return complete("stop", text.substring(0, at));
                }
            }
            return generated.size() >= request.maxTokens() && complete("length");
        }

        private boolean complete(String reason) {
            return complete(reason, tok.decode(ids(generated)));
        }

        private boolean complete(String reason, String text) {
            List<String> pieces = new ArrayList<>();
            List<Double> lps = new ArrayList<>();
            List<Map<String, Double>> top = new ArrayList<>();
            if (request.echo()) {
                text = request.prompt() + text;
                if (request.logprobs() != null) {
                    for (int i = 0; i < prompt.length; i++) {
                        pieces.add(tok.decode(new int[] {prompt[i]}));
                        if (i == 0) {
                            lps.add(null);
                            top.add(null);
                        } else {
                            float[] lp = Softmax.logSoftmax(promptLogits[i - 1]);
                            lps.add((double) lp[prompt[i]]);
                            top.add(top(lp, request.logprobs()));
                        }
                    }
                }
            }
            if (request.logprobs() != null) {
                for (int i = 0; i < generated.size(); i++) {
                    pieces.add(tok.decode(new int[] {generated.get(i)}));
                    lps.add(logprobs.get(i));
                    top.add(tops.get(i));
                }
            }
            session.close();
            return done.complete(new Completion.Choice(text, pieces, lps, top, reason));
        }

        void fail(RuntimeException e) {
            if (session != null) session.close();
            done.completeExceptionally(e);
        }

        /** The k most likely tokens as text, with their log-probabilities. */
        private Map<String, Double> top(float[] lp, int k) {
            Map<String, Double> m = new LinkedHashMap<>();
            for (int id : inferlab.prob.TopK.indices(lp, k)) m.put(tok.decode(new int[] {id}), (double) lp[id]);
            return m;
        }

        private static int[] ids(List<Integer> l) {
            return l.stream().mapToInt(Integer::intValue).toArray();
        }
    }
}
