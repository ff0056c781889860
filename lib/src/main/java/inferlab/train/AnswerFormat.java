package inferlab.train;

/**
 * Which worked answers a training run reads. The task data holds the newest format; the tokenizer and the
 * earlier phases were trained on shorter answers, which {@link TrainingData#text} renders from it, so that every
 * phase reproduces as it ran.
 *
 * @param graphScratchpad graph-paths answers with their scratchpad (else the {@code submit_paths} call alone)
 * @param clozeSentence   multiple-choice cloze answers as the sentence with the blank filled (else the word)
 */
public record AnswerFormat(boolean graphScratchpad, boolean clozeSentence) {
    /** The answers the tokenizer and the first phases were trained on. */
    public static final AnswerFormat FIRST = new AnswerFormat(false, false);
}
