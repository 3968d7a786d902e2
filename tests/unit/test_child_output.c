/* SPDX-License-Identifier: GPL-2.0-or-later */
/* An ipmi_sim's output line by line (orchestrator/supervisor/child_output.c): lines split
 * across reads, several in one read, a line longer than the limit, bytes that are not UTF-8,
 * a last line without a newline, and the end reported once, through a real pipe. */
#include <glib.h>
#include <unistd.h>

#include "child_output.h"
#include "unit.h"

typedef struct {
    GPtrArray *lines;
    int ends;
    gboolean destroyed;
} Seen;

static void seen_line(gpointer data, const char *line)
{
    Seen *s = data;
    if (line)
        g_ptr_array_add(s->lines, g_strdup(line));
    else
        s->ends++;
}

static void seen_destroyed(gpointer data)
{
    ((Seen *)data)->destroyed = TRUE;
}

static const char *line_at(const Seen *s, guint i)
{
    return i < s->lines->len ? g_ptr_array_index(s->lines, i) : NULL;
}

static void take(Seen *s, GString *pending, const char *text)
{
    mbmc_output_take(pending, text, strlen(text), seen_line, s);
}

static void test_split_across_takes(void)
{
    Seen s = { g_ptr_array_new_with_free_func(g_free), 0, FALSE };
    GString *pending = g_string_new(NULL);
    take(&s, pending, "multibmc[vm1] info: star");
    CHECK_EQ_INT(s.lines->len, 0);
    take(&s, pending, "ting\nsecond\nthi");
    CHECK_EQ_INT(s.lines->len, 2);
    CHECK_EQ_STR(line_at(&s, 0), "multibmc[vm1] info: starting");
    CHECK_EQ_STR(line_at(&s, 1), "second");
    CHECK_EQ_STR(pending->str, "thi");
    take(&s, pending, "rd\n\n");
    CHECK_EQ_INT(s.lines->len, 4);
    CHECK_EQ_STR(line_at(&s, 2), "third");
    CHECK_EQ_STR(line_at(&s, 3), "");
    CHECK_EQ_INT(pending->len, 0);
    g_string_free(pending, TRUE);
    g_ptr_array_unref(s.lines);
}

static void test_long_line_in_pieces(void)
{
    Seen s = { g_ptr_array_new_with_free_func(g_free), 0, FALSE };
    GString *pending = g_string_new(NULL);
    g_autofree char *big = g_strnfill(MBMC_OUTPUT_LINE_MAX * 2 + 10, 'x');
    take(&s, pending, big);
    CHECK_EQ_INT(s.lines->len, 2);
    CHECK_EQ_INT(strlen(line_at(&s, 0)), MBMC_OUTPUT_LINE_MAX);
    CHECK_EQ_INT(pending->len, 10);
    take(&s, pending, "\n");
    CHECK_EQ_INT(s.lines->len, 3);
    CHECK_EQ_INT(strlen(line_at(&s, 2)), 10);
    g_string_free(pending, TRUE);
    g_ptr_array_unref(s.lines);
}

static void test_not_utf8_replaced(void)
{
    Seen s = { g_ptr_array_new_with_free_func(g_free), 0, FALSE };
    GString *pending = g_string_new(NULL);
    take(&s, pending, "bad \xff\xfe bytes\nnext\n");
    CHECK_EQ_INT(s.lines->len, 2);
    CHECK(g_utf8_validate(line_at(&s, 0), -1, NULL));
    CHECK(g_str_has_prefix(line_at(&s, 0), "bad "));
    CHECK_EQ_STR(line_at(&s, 1), "next");
    g_string_free(pending, TRUE);
    g_ptr_array_unref(s.lines);
}

/* Through a pipe and the main loop: the writer's last line has no newline; the end comes
 * once, after every line, and then the data is destroyed. */
static void test_pipe_to_the_end(void)
{
    Seen *s = g_new0(Seen, 1);
    s->lines = g_ptr_array_new_with_free_func(g_free);
    int p[2];
    CHECK(pipe(p) == 0);
    mbmc_child_output_watch(p[0], seen_line, s, seen_destroyed);
    const char *text = "one\ntwo\nthree";
    CHECK(write(p[1], text, strlen(text)) == (ssize_t)strlen(text));
    close(p[1]);
    for (int i = 0; i < 1000 && !s->destroyed; i++)
        g_main_context_iteration(NULL, TRUE);
    CHECK(s->destroyed);
    CHECK_EQ_INT(s->ends, 1);
    CHECK_EQ_INT(s->lines->len, 3);
    CHECK_EQ_STR(line_at(s, 2), "three");
    g_ptr_array_unref(s->lines);
    g_free(s);
}

int main(void)
{
    RUN(test_split_across_takes);
    RUN(test_long_line_in_pieces);
    RUN(test_not_utf8_replaced);
    RUN(test_pipe_to_the_end);
    UNIT_EXIT();
}
