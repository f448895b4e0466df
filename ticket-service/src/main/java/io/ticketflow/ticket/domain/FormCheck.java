package io.ticketflow.ticket.domain;

import io.ticketflow.contracts.ErrorCode;
import io.ticketflow.contracts.FieldNames;
import io.ticketflow.contracts.event.AttachmentInfo;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Input checks shared by every command that carries form data. */
public final class FormCheck {

    private FormCheck() {
    }

    /** Required fields must be present, non-null and, when text, not blank. */
    public static Optional<Decision> requiredFields(Collection<String> required, Map<String, Object> data) {
        List<String> missing = required.stream().filter(field -> isMissing(data.get(field))).toList();
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Decision.reject(ErrorCode.REQUIRED_FIELD_MISSING,
                "缺少必填字段 (required fields missing): " + String.join(", ", missing)));
    }

    /** Variable names become MongoDB field names in every service that stores them. */
    public static Optional<Decision> variableNames(Map<String, Object> data) {
        for (String name : data.keySet()) {
            if (name.isBlank() || name.contains(".") || name.startsWith("$") || name.indexOf('\0') >= 0) {
                return Optional.of(Decision.reject(ErrorCode.VALIDATION_FAILED,
                        "Invalid variable name '" + name + "': names must be non-blank and contain no '.', "
                                + "no leading '$' and no NUL"));
            }
        }
        return FieldNames.firstWithNul(data).map(path -> Decision.reject(ErrorCode.VALIDATION_FAILED,
                "Field names must not contain NUL (U+0000): " + path));
    }

    /** Every file a command names must be one uploaded for this ticket ({@code found} holds those). */
    public static Optional<Decision> attachments(String ticketId, List<String> wanted, List<AttachmentInfo> found) {
        List<String> foundIds = found.stream().map(AttachmentInfo::id).toList();
        List<String> unknown = wanted == null ? List.of()
                : wanted.stream().filter(id -> !foundIds.contains(id)).toList();
        if (unknown.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Decision.reject(ErrorCode.VALIDATION_FAILED,
                "Unknown attachments for ticket " + ticketId + ": " + unknown));
    }

    private static boolean isMissing(Object value) {
        return value == null || value instanceof String text && text.isBlank();
    }
}
