package dev.moduo.local.template;

/** The template cannot be read or declares something the runner cannot serve; the message says where. */
public final class TemplateException extends RuntimeException {

    public TemplateException(String message) {
        super(message);
    }

    public TemplateException(String message, Throwable cause) {
        super(message, cause);
    }
}
