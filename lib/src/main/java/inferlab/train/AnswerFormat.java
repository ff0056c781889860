package inferlab.train;

/**
 * Which worked answers a training run reads. The task data holds the newest format; the tokenizer and the
 * earlier phases were trained on shorter answers, which {@link TrainingData#text} renders from it, so that every
 * phase reproduces as it ran.
 *
 * @param graphScratchpad graph-paths answers with their scratchpad (else the {@code submit_paths} call alone)
 * @param clozeLead       multiple-choice cloze answers lead with the words before the blank (else the option alone)
 */
public record AnswerFormat(boolean graphScratchpad, boolean clozeLead) {
    /** The answers the tokenizer and the first phases were trained on. */
    public static final AnswerFormat FIRST = new AnswerFormat(false, false);
}
