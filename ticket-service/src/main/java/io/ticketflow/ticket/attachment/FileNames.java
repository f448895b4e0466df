package io.ticketflow.ticket.attachment;

/**
 * An uploaded file's name is the client's text: only its base name is kept (no directories, so {@code ../../x} is
 * stored and sent back as {@code x}), without control characters, and bounded in length.
 */
final class FileNames {

    static final String FALLBACK = "file";
    private static final int MAX_LENGTH = 255;

    private FileNames() {
    }

    static String baseName(String filename) {
        if (filename == null) {
            return FALLBACK;
        }
        String path = filename.replace('\\', '/');
        String base = path.substring(path.lastIndexOf('/') + 1);
        StringBuilder clean = new StringBuilder();
        base.codePoints().filter(c -> !Character.isISOControl(c)).forEach(clean::appendCodePoint);
        String name = clean.toString().strip();
        if (name.isEmpty() || name.chars().allMatch(c -> c == '.')) {
            return FALLBACK;
        }
        return name.codePointCount(0, name.length()) <= MAX_LENGTH ? name
                : name.substring(0, name.offsetByCodePoints(0, MAX_LENGTH));
    }
}
