package inferlab.serve;

import inferlab.decode.Decoder;
import inferlab.decode.JsonGrammarProcessor;
import inferlab.decode.Sampler;
import inferlab.decode.SamplingParams;
import inferlab.decode.Stepper;
import inferlab.decode.StopRule;
import inferlab.model.Completion;
import inferlab.model.CompletionRequest;
import inferlab.model.LanguageModel;
import inferlab.model.Session;
import inferlab.model.Tokenizer;
import inferlab.prob.Softmax;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * Serves completion requests from many threads on one in-process model, batching them.
 *
 * <p>One scheduler thread owns the model. Each step it advances every running sequence by one token in a
 * single {@link LanguageModel#appendBatch} call. With {@link Mode#CONTINUOUS} (Orca, vLLM) a waiting request
 * joins the batch at the next step and a finished one leaves at once; with {@link Mode#STATIC} a batch is
 * formed from whoever waits, runs until its last sequence finishes, and only then admits the next: short
 * requests wait for long ones. Comparing the two under the shared task's load is the point of HW4's batching
 * section.
 *
 * <p>Isolation: everything that can be known about a request is checked when it is submitted, before it shares a
 * batch (the prompt's tokens, and prompt plus {@code max_tokens} against the model's context), so a bad request is
 * refused alone. A failure no check foresaw still fails only its own sequence: a batch step that is refused is
 * retried one sequence at a time. Admission is bounded: besides the batch's {@code maxBatch} sequences at most
 * {@code queueCapacity} wait; beyond that {@link #submit} throws {@link Overloaded}. A cancelled job leaves the queue or the batch at the next step, and
 * its KV cache is freed then.
 */
public final class BatchingEngine implements StreamingModel, AutoCloseable {

    public enum Mode { CONTINUOUS, STATIC }

    /** Waiting sequences allowed by default: the shared task's 300 concurrent requests, with room for n > 1. */
    public static final int DEFAULT_QUEUE = 1024;

    private final LanguageModel model;
    private final Tokenizer tokenizer;
    private final String name;
    private final Mode mode;
    private final int maxBatch;
    private final int maxPromptTokens;
    private final int queueCapacity;
    /** Characters in the longest token: a text longer than this times the limit cannot fit and is not encoded. */
    private final int longestToken;
    /** Each token's text, decoded alone, for structured output. */
    private final String[] tokenTexts;
    private final LinkedBlockingQueue<Sequence> waiting = new LinkedBlockingQueue<>();
    private final AtomicInteger active = new AtomicInteger();
    private final java.util.concurrent.atomic.LongAdder generated = new java.util.concurrent.atomic.LongAdder();
    private final Thread scheduler;
    private volatile boolean closed;

    public BatchingEngine(LanguageModel model, String name, Mode mode, int maxBatch, int maxPromptTokens) {
        this(model, name, mode, maxBatch, maxPromptTokens, DEFAULT_QUEUE);
    }

    /**
     * @param maxPromptTokens prompts longer than this (or than the model's context) are refused
     * @param queueCapacity   sequences that may wait for a batch slot
     */
    public BatchingEngine(LanguageModel model, String name, Mode mode, int maxBatch, int maxPromptTokens, int queueCapacity) {
        if (maxBatch < 1) throw new IllegalArgumentException("max batch must be >= 1, got " + maxBatch);
        if (queueCapacity < 1) throw new IllegalArgumentException("queue capacity must be >= 1, got " + queueCapacity);
        this.model = model;
        this.tokenizer = model.tokenizer().orElseThrow(
                () -> new IllegalArgumentException("serving text needs a model with a tokenizer.json"));
        this.name = name;
        this.mode = mode;
        this.maxBatch = maxBatch;
        this.maxPromptTokens = Math.min(maxPromptTokens, model.contextLength());
        this.queueCapacity = queueCapacity;
        this.tokenTexts = new String[tokenizer.vocabSize()];
        int longest = 1;
        for (int id = 0; id < tokenTexts.length; id++) {
            tokenTexts[id] = tokenizer.decode(new int[] {id});
            longest = Math.max(longest, tokenTexts[id].length());
        }
        this.longestToken = longest;
        this.scheduler = new Thread(this::run, "inferlab-batching");
        scheduler.setDaemon(true);
        scheduler.start();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int contextLength() {
        return model.contextLength();
    }

    /** Sequences waiting or running now. */
    public int active() {
        return active.get();
    }

    /** Tokens generated since the start, for every request: what cancelled work did not spend. */
    public long generatedTokens() {
        return generated.sum();
    }

    public Tokenizer tokenizer() {
        return tokenizer;
    }

    @Override
    public Completion complete(CompletionRequest r) {
        return Collector.await(this, new Job(List.of(new Job.Prompt(r.prompt(), null)), r));
    }

    @Override
    public Handle submit(Job job, TokenStream out) {
        if (closed) throw new IllegalStateException("the engine is shutting down");
        CompletionRequest r = job.params();
        List<int[]> prompts = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        List<Integer> maxTokens = new ArrayList<>();
        for (Job.Prompt p : job.prompts()) {
            int[] ids = p.ids() != null ? p.ids() : encode(p);
            int room = contextLength() - ids.length;
            int max = job.fitMaxTokens() && room >= 0 ? Math.min(r.maxTokens(), room) : r.maxTokens();
            checkFits(ids, max);
            prompts.add(ids);
            maxTokens.add(max);
            texts.add(p.text() != null ? p.text() : tokenizer.decode(ids));
        }
        int count = job.choices();
        Request request = new Request(out, r, count, prompts.stream().mapToInt(p -> p.length).sum());
        int[] ends = endTokens(r.stop());
        for (int i = 0; i < prompts.size(); i++) {
            for (int j = 0; j < r.n(); j++) {
                long seed = r.seed() == null ? System.nanoTime() + j : r.seed() + j;
                Decoder decoder = decoder(r, seed);
                if (job.structure() != null) {
                    decoder = decoder.after(new JsonGrammarProcessor(job.structure().grammar(), prompts.get(i).length, tokenTexts, ends));
                }
                request.sequences.add(new Sequence(request, i * r.n() + j, prompts.get(i), texts.get(i),
                        maxTokens.get(i), decoder, ends));
            }
        }
        // a free batch slot counts as room too, whether or not the scheduler has picked a sequence up yet. Taken
        // last: a request refused while its sequences were built (a value the sampler refuses) kept its slots, and
        // a few dozen such requests left every later one a 429
        if (active.addAndGet(count) > maxBatch + queueCapacity) {
            active.addAndGet(-count);
            throw new Overloaded("the queue is full (" + queueCapacity + " waiting sequences besides a batch of "
                    + maxBatch + "); retry later");
        }
        waiting.addAll(request.sequences);
        // closed meanwhile: the scheduler may have failed the queue before these joined it
        if (closed) request.fail(new IllegalStateException("the engine is shutting down"));
        return () -> {
            request.cancelled = true;
            int removed = 0;
            for (Sequence s : request.sequences) if (waiting.remove(s)) removed++;
            active.addAndGet(-removed);
        };
    }

    /**
     * The model's end tokens, and each stop string that is one special token: decoded text leaves special tokens
     * out, so a chat template's {@code <|im_end|>} on a model that does not list it as an end (a base checkpoint
     * with a chat template) can only be seen as the token.
     */
    private int[] endTokens(List<String> stops) {
        IntStream.Builder ends = IntStream.builder();
        for (int id : model.eosTokenIds()) ends.add(id);
        for (String stop : stops) {
            int[] ids = tokenizer.encode(stop);
            if (ids.length == 1 && tokenizer.decode(ids).isEmpty()) ends.add(ids[0]);
        }
        return ends.build().toArray();
    }

    /** Encodes a text prompt, refusing one too long to fit before spending time on it. */
    private int[] encode(Job.Prompt p) {
        String text = p.text();
        if ((long) text.length() > (long) maxPromptTokens * longestToken) {
            throw new IllegalArgumentException("the prompt has " + text.length() + " characters, more than "
                    + maxPromptTokens + " tokens can hold; the limit is " + maxPromptTokens + " tokens");
        }
        return p.templated() ? tokenizer.encode(text) : tokenizer.encodePrompt(text);
    }

    private void checkFits(int[] prompt, int maxTokens) {
        if (prompt.length == 0) throw new IllegalArgumentException("the prompt encodes to no tokens");
        if (prompt.length > maxPromptTokens) {
            throw new IllegalArgumentException("the prompt has " + prompt.length + " tokens; the limit is " + maxPromptTokens);
        }
        for (int id : prompt) {
            if (id < 0 || id >= model.vocabSize()) {
                throw new IllegalArgumentException("token id " + id + " is outside the vocabulary [0, " + model.vocabSize() + ")");
            }
        }
        long total = (long) prompt.length + maxTokens;
        if (total > contextLength()) {
            throw new IllegalArgumentException("this model's context is " + contextLength() + " tokens, but the request needs "
                    + total + " (" + prompt.length + " in the prompt, " + maxTokens + " in the completion); shorten the"
                    + " prompt or lower max_tokens");
        }
    }

    /** The request's sampling knobs (OpenAI's defaults: no top-k, no min-p) as a seeded sampler. */
    static Decoder decoder(CompletionRequest r, long seed) {
        return new Sampler(SamplingParams.DEFAULT.withTemperature(r.temperature()).withTopK(r.topK())
                .withTopP(r.topP()).withMinP(r.minP()), new Random(seed));
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
                    for (Sequence s; running.size() < maxBatch && (s = waiting.poll()) != null; ) running.add(s);
                }
                for (Sequence s : running) {
                    if (s.session != null || s.request.over()) continue;
                    try {
                        s.prefill();
                    } catch (RuntimeException e) {
                        s.request.fail(e);
                    }
                }
                running.removeIf(Sequence::retire);
                step(running);
            }
        } catch (InterruptedException stop) {
            // closing
        } catch (RuntimeException | Error bug) {
            // the scheduler is gone: refuse new work (503) rather than queue it for nobody
            closed = true;
            throw bug;
        } finally {
            IllegalStateException e = new IllegalStateException("the engine is shutting down");
            running.forEach(s -> s.request.fail(e));
            waiting.forEach(s -> s.request.fail(e));
            running.forEach(Sequence::retire);
        }
    }


    /** Picks each running sequence's next token, retires finished ones, advances the rest as one batch. */
    private void step(List<Sequence> running) {
        List<Sequence> advance = new ArrayList<>();
        int[] next = new int[running.size()];
        for (Sequence s : running) {
            if (s.request.over()) continue; // a batch-mate of the same job failed in this loop
            try {
                int t = s.pickNext();
                if (s.finish(t)) continue;
                next[advance.size()] = t;
                advance.add(s);
            } catch (RuntimeException e) {
                s.request.fail(e);
            }
        }
        if (!advance.isEmpty()) {
            int[] tokens = Arrays.copyOf(next, advance.size());
            try {
                float[][] logits = model.appendBatch(advance.stream().map(s -> s.session).toList(), tokens);
                for (int i = 0; i < advance.size(); i++) advance.get(i).logits = logits[i];
            } catch (IllegalArgumentException refused) {
                // refused before any cache changed: find the sequence it was about by running each alone
                for (int i = 0; i < advance.size(); i++) {
                    Sequence s = advance.get(i);
                    try {
                        s.logits = model.appendBatch(List.of(s.session), new int[] {tokens[i]})[0];
                    } catch (RuntimeException e) {
                        s.request.fail(e);
                    }
                }
            } catch (RuntimeException e) {
                advance.forEach(s -> s.request.fail(e));
            }
        }
        running.removeIf(Sequence::retire);
    }

    /** One job in flight: its sequences, and whether its client still wants it. Touched by the scheduler only. */
    private static final class Request {
        final TokenStream out;
        final CompletionRequest params;
        final List<Sequence> sequences = new ArrayList<>();
        final int promptTokens;
        int unfinished;
        int generated;
        volatile boolean cancelled;
        private volatile boolean failed;

        Request(TokenStream out, CompletionRequest params, int choices, int promptTokens) {
            this.out = out;
            this.params = params;
            this.unfinished = choices;
            this.promptTokens = promptTokens;
        }

        /** Failed, cancelled or finished: its sequences leave the batch. */
        boolean over() {
            return cancelled || failed || unfinished == 0;
        }

        void finished(Sequence s, String reason) {
            generated += s.stepper.generated();
            tell(() -> out.onFinish(s.choice, reason));
            if (--unfinished == 0) tell(() -> out.onComplete(promptTokens, generated));
        }

        void delta(int choice, String text, List<TokenStream.Token> tokens) {
            tell(() -> out.onDelta(choice, new TokenStream.Delta(text, tokens)));
        }

        synchronized void fail(RuntimeException e) {
            if (over()) return;
            failed = true;
            tell(() -> out.onError(e));
        }

        /**
         * Calls the stream; a stream that throws has lost its client and its job is cancelled. The exception stops
         * here: it must not reach the scheduler, which serves everyone else.
         */
        private void tell(Runnable call) {
            if (cancelled) return;
            try {
                call.run();
            } catch (RuntimeException e) {
                cancelled = true;
            }
        }
    }

    /** One choice in flight. */
    private final class Sequence {
        final Request request;
        final int choice;
        final int[] prompt;
        final String promptText;
        final Decoder decoder;
        final Stepper stepper;
        /** Characters of the stepper's text already streamed. */
        int released;
        Session session;
        float[] logits;
        boolean done;

        Sequence(Request request, int choice, int[] prompt, String promptText, int maxTokens, Decoder decoder, int[] ends) {
            this.request = request;
            this.choice = choice;
            this.prompt = prompt;
            this.promptText = promptText;
            this.decoder = decoder;
            this.stepper = new StopRule(ends, request.params.stop(), maxTokens, contextLength())
                    .start(tokenizer, prompt.length);
        }

        /** Runs the prompt; with echo, streams it (and its log-probabilities) first. */
        void prefill() {
            session = model.newSession();
            float[][] promptLogits = session.append(prompt);
            logits = promptLogits[promptLogits.length - 1];
            Integer k = request.params.logprobs();
            if (!request.params.echo()) return;
            List<TokenStream.Token> tokens = new ArrayList<>();
            for (int i = 0; k != null && i < prompt.length; i++) {
                tokens.add(i == 0 ? new TokenStream.Token(piece(prompt[0]), null, null) : token(prompt[i], promptLogits[i - 1], k));
            }
            request.delta(choice, promptText, tokens);
        }

        /** The next token, or -1 when the sequence stopped before any (a zero budget). */
        int pickNext() {
            return stepper.stop() != null ? -1 : decoder.next(session.tokens(), logits);
        }

        /**
         * Records {@code t} and streams the text it settles (the stop rule holds back an unfinished character and a
         * possible stop string); true when the sequence ends here.
         */
        boolean finish(int t) {
            if (t >= 0) {
                generated.increment();
                stepper.add(t);
                Integer k = request.params.logprobs();
                List<TokenStream.Token> tokens = k == null ? List.of() : List.of(token(t, logits, k));
                String text = stepper.text();
                int upTo = Math.max(released, stepper.settled());
                if (upTo > released || !tokens.isEmpty()) request.delta(choice, text.substring(released, upTo), tokens);
                released = upTo;
            }
            if (stepper.stop() == null) return false;
            done = true;
            request.finished(this, stepper.stop().finishReason());
            return true;
        }

        /** Frees the KV cache of a sequence that is done or whose job is over; true when it leaves the batch. */
        boolean retire() {
            if (!done && !request.over()) return false;
            if (session != null) session.close();
            session = null;
            active.decrementAndGet();
            return true;
        }

        private TokenStream.Token token(int id, float[] logits, int k) {
            float[] lp = Softmax.logSoftmax(logits);
            Map<String, Double> top = new LinkedHashMap<>();
            for (int t : inferlab.prob.TopK.indices(lp, k)) top.put(piece(t), (double) lp[t]);
            return new TokenStream.Token(piece(id), (double) lp[id], top);
        }

        private String piece(int id) {
            return tokenizer.decode(new int[] {id});
        }
    }
}
