package dev.zt.sample.idp;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/** DEMO ONLY: a page of the demo identity provider with one form: {@code GET} shows it, {@code POST} handles it. */
abstract class FormServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
        form(req, res, 200, "");
    }

    /** Shows the form with an HTTP status and an error message (empty for none). */
    abstract void form(HttpServletRequest req, HttpServletResponse res, int status, String message) throws IOException;
}
