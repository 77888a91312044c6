/* Log objects for programs (L4Re::Log = L4::Vcon writes, protocol L4_PROTO_LOG = -13), made by the memory
 * allocator's factory with a tag and a colour (ned: L4.Env.log_fab / loader log = {"hello", "w"}). Each
 * output line is prefixed as the real moe's log.cc does: the colour escape, the tag cut or padded to 8
 * columns, "| " (": " when it continues a line another log interrupted), the text, and "\e[0m" at the end
 * of a coloured line. Output is collected per line and written to the kernel log. */
#include "moe.h"
#include <string.h>
#include "console.h"
#include "format.h"

enum { TAG_COLUMNS = 8, VCON_WRITE_OP = 0 };

struct log_obj
{
  struct moe_object obj;
  char tag[TAG_COLUMNS + 1];
  unsigned tag_len;
  unsigned color;   /* bits 0-2 colour, bit 3 bright; 0 = none */
  int in_line;      /* the last text of this log ended without a newline */
};

static struct log_obj *last_log;
static char out_buf[1024];
static unsigned out_len;

static void out_flush(void)
{
  console_write(L4_BASE_LOG_CAP, out_buf, out_len);
  out_len = 0;
}

static void out(char const *s, unsigned n)
{
  for (unsigned i = 0; i < n; ++i)
    {
      if (out_len == sizeof(out_buf))
        out_flush();
      out_buf[out_len++] = s[i];
      if (s[i] == '\n')
        out_flush();
    }
}

static void out_str(char const *s) { out(s, strlen(s)); }

/* The real moe's colour names: n r g y b m c w, upper case = bright. */
unsigned log_color_value(char const *name, unsigned len)
{
  static char const names[] = "nrgybmcw";
  if (len == 0)
    return 0;
  char c = name[0];
  unsigned bright = c >= 'A' && c <= 'Z';
  if (bright)
    c = (char)(c - 'A' + 'a');
  for (unsigned i = 0; i < 8; ++i)
    if (names[i] == c)
      return (bright << 3) | i;
  return bright << 3;
}

struct moe_object *log_new(char const *tag, unsigned tag_len, unsigned color)
{
  struct log_obj *l = moe_zalloc(sizeof(*l));
  if (!l)
    return 0;
  l->tag_len = tag_len < TAG_COLUMNS ? tag_len : TAG_COLUMNS;
  memcpy(l->tag, tag, l->tag_len);
  l->color = color;
  if (object_publish(&l->obj, OBJ_LOG, "moe-log") < 0)
    return 0;
  return &l->obj;
}

static void color_start(struct log_obj *l)
{
  char esc[16];
  if (l->color)
    fmt_snprintf(esc, sizeof(esc), "\033[%s3%um", (l->color & 8) ? "01;" : "", l->color & 7);
  else
    fmt_snprintf(esc, sizeof(esc), "\033[0m");
  out_str(esc);
}

l4_msgtag_t log_dispatch(struct moe_object *o, l4_msgtag_t tag, l4_utcb_t *u)
{
  struct log_obj *l = (struct log_obj *)o;
  l4_umword_t *mr = l4_utcb_mr_u(u)->mr;
  if (l4_msgtag_words(tag) < 2)
    return l4_msgtag(-E_INVAL, 0, 0, 0);
  if (mr[0] != VCON_WRITE_OP)
    {
      log_unhandled("L4::Vcon", mr[0], mr[0] == 1 ? "read" : mr[0] == 2 ? "set_attr" : mr[0] == 3 ? "get_attr" : 0,
                    o->name);
      return l4_msgtag(-E_NOSYS, 0, 0, 0);
    }
  char msg[L4_UTCB_GENERIC_DATA_SIZE * sizeof(l4_umword_t)];
  unsigned long len = (l4_msgtag_words(tag) - 2) * sizeof(l4_umword_t);
  if (len > mr[1])
    len = mr[1];
  memcpy(msg, &mr[2], len);
  char const *p = msg;
  while (len > 0 && p[0])
    {
      color_start(l);
      if (last_log != l)
        {
          if (last_log)
            out_str("\n");
          out(l->tag, l->tag_len);
          out("        ", TAG_COLUMNS - l->tag_len);
          out_str(l->in_line ? ": " : "| ");
        }
      unsigned long i = 0;
      while (i < len && p[i] != '\n' && p[i] != 0)
        ++i;
      out(p, i);
      if (i < len && p[i] == '\n')
        {
          out_str(l->color ? "\033[0m\n" : "\n");
          l->in_line = 0;
          last_log = 0;
          ++i;
        }
      else
        {
          last_log = l;
          l->in_line = 1;
        }
      p += i;
      len -= i;
    }
  if (l->in_line && l->color)
    out_str("\033[0m");
  return l4_msgtag(0, 0, 0, L4_MSGTAG_ERROR); /* a write is a send: no reply */
}
