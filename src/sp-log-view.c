/* sp-log-view.c — a scrolling list of SpEvent that follows the newest one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The list is a GtkListView over the engine's log, so only the rows on screen exist.
 * Between them (declared in sp-log-view.ui): an SpLogBatch that relays the log's changes
 * at most once a frame, however fast events come, and a GtkFilterListModel that filters
 * incrementally, so searching a million events keeps the window responsive. Rows are
 * SpLogRow widgets, recycled.
 *
 * Payloads show as the pane chooses (#SpLogView:payload-view: text, escapes or hex),
 * rendered by each row for its own event only as it is bound, so the choice costs
 * nothing for rows off screen. One event's payload can be seen whole in any rendering
 * in a popover (click its byte count, or activate its row).
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sp-core.h"
#include "sp-log-batch.h"
#include "sp-log-row.h"
#include "sp-log-view.h"
#include "sp-payload-popover.h"

/* Where a row keeps its GtkListItem, whose position is always current. */
#define LIST_ITEM_KEY "sp-log-view-list-item"

/* How close to the end (in pixels) still counts as "at the end": rows are estimated
 * before they are measured, so the end moves by a few pixels now and then. */
#define AT_END_TOLERANCE 8.0

/* How often a recording is checked for a write error (a full disk, a vanished folder). */
#define RECORD_CHECK_SECONDS 1

typedef enum
{
  RECORD_IDLE,
  RECORD_OPENING,
  RECORD_RUNNING,
  RECORD_CLOSING,
} RecordState;

struct _SpLogView
{
  AdwBin                parent_instance;

  GListModel           *model;
  SpLogBatch           *batch;  /* the model's changes, relayed once a frame */
  char                 *placeholder_text;
  char                 *search_text;

  GtkStack             *stack;
  GtkLabel             *placeholder_label;
  GtkScrolledWindow    *scrolled_window;
  GtkListView          *list_view;
  GtkSingleSelection   *selection;
  GtkFilterListModel   *filter_model;
  GtkCustomFilter      *choice_filter;
  GtkStringFilter      *search_filter;
  GtkSearchEntry       *search_entry;
  GtkMenuButton        *filter_button;
  GtkStack             *record_stack;
  GtkWidget            *stop_button;
  GtkLabel             *record_error_label;
  GtkWidget            *jump_button;
  GtkMenuButton        *payload_button;
  GtkWidget            *payload_popover;   /* made the first time it is needed */
  SpEvent              *pending_selection; /* asked for before the list showed it */

  const char           *page;  /* the stack page shown, an interned string */
  guint                 scroll_tick_id;

  SpDirection           direction_filter;
  SpLogKinds            kinds;
  guint                 connection_filter;
  SpPayloadView         payload_view;

  RecordState           record_state;
  GFile                *record_file;
  GCancellable         *record_cancellable;
  GOutputStream        *record_stream;
  SpEventRecorder      *recorder;
  GtkNativeDialog      *file_chooser;
  guint                 record_check_id;

  /* TRUE while the person has not scrolled away from the newest event. */
  guint                 follow : 1;
  guint                 scroll_pending : 1;
  guint                 setting_entry : 1;
};

enum {
  PROP_0,
  PROP_MODEL,
  PROP_PLACEHOLDER_TEXT,
  PROP_FOLLOWING,
  PROP_SEARCH_TEXT,
  PROP_DIRECTION_FILTER,
  PROP_SHOW_SETUP,
  PROP_SHOW_DATA,
  PROP_SHOW_ERRORS,
  PROP_SHOW_NOTES,
  PROP_CONNECTION_FILTER,
  PROP_RECORDING,
  PROP_RECORDING_FILE,
  PROP_PAYLOAD_VIEW,
  PROP_SELECTED_EVENT,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (SpLogView, sp_log_view, ADW_TYPE_BIN)

static GParamSpec *properties[N_PROPS];

static void sp_log_view_update_actions (SpLogView *self);
static void sp_log_view_try_pending_selection (SpLogView *self);

/* What the search looks into: the call, the sentence and the payload's preview. */
static char *
sp_log_view_search_text (gpointer item)
{
  SpEvent *event = item;
  g_autofree char *preview = NULL;

  if (!SP_IS_EVENT (event))
    return NULL;

  preview = sp_event_dup_preview (event);

  return g_strjoin ("\n",
                    sp_event_get_call (event) != NULL ? sp_event_get_call (event) : "",
                    sp_event_get_message (event),
                    preview != NULL ? preview : "",
                    NULL);
}

/* Rows are SpLogRow widgets, built once and recycled as the list scrolls. */
static void
sp_log_view_row_show_payload_cb (SpLogRow  *row,
                                 SpEvent   *event,
                                 SpLogView *self)
{
  sp_log_view_show_payload (self, event);
}

static void
sp_log_view_setup_row_cb (GtkSignalListItemFactory *factory,
                          GtkListItem              *list_item,
                          SpLogView                *self)
{
  GtkWidget *row = sp_log_row_new ();

  g_object_set_data (G_OBJECT (row), LIST_ITEM_KEY, list_item);
  g_signal_connect_object (row, "show-payload",
                           G_CALLBACK (sp_log_view_row_show_payload_cb), self, 0);
  gtk_list_item_set_child (list_item, row);
  /* Activating a row (Enter, a double click) shows its payload. */
  gtk_list_item_set_activatable (list_item, TRUE);
}

static void
sp_log_view_bind_row_cb (GtkSignalListItemFactory *factory,
                         GtkListItem              *list_item,
                         SpLogView                *self)
{
  SpLogRow *row = SP_LOG_ROW (gtk_list_item_get_child (list_item));

  sp_log_row_set_payload_view (row, self->payload_view);
  sp_log_row_set_event (row, gtk_list_item_get_item (list_item));
}

/* The row on screen that shows @event, if any: only visible rows (and a few around
 * them) exist. */
static SpLogRow *
sp_log_view_find_row (SpLogView *self,
                      SpEvent   *event)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->list_view));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *row = gtk_widget_get_first_child (child);

      if (SP_IS_LOG_ROW (row) && sp_log_row_get_event (SP_LOG_ROW (row)) == event)
        return SP_LOG_ROW (row);
    }

  return NULL;
}

static void
sp_log_view_list_activate_cb (SpLogView   *self,
                              guint        position,
                              GtkListView *list_view)
{
  g_autoptr(SpEvent) event = g_list_model_get_item (G_LIST_MODEL (self->filter_model), position);

  if (event != NULL && sp_event_get_byte_count (event) > 0)
    sp_log_view_show_payload (self, event);
}

/* The choice in a few characters, the same in every language, so the toolbar stays
 * narrow enough for four panes side by side; the tooltip says it in words. */
static void
sp_log_view_update_payload_button (SpLogView *self)
{
  const char *label;
  const char *tooltip;

  switch (self->payload_view)
    {
    case SP_PAYLOAD_VIEW_TEXT:
      label = "Aa";
      tooltip = _("Payloads Shown as Text");
      break;

    case SP_PAYLOAD_VIEW_HEX:
      label = "0x";
      tooltip = _("Payloads Shown in Hex");
      break;

    case SP_PAYLOAD_VIEW_ESCAPED:
    default:
      label = "\\n";
      tooltip = _("Payloads Shown with Escapes");
      break;
    }

  gtk_menu_button_set_label (self->payload_button, label);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->payload_button), tooltip);
}

static void
sp_log_view_unbind_row_cb (GtkSignalListItemFactory *factory,
                           GtkListItem              *list_item,
                           gpointer                  user_data)
{
  sp_log_row_set_event (SP_LOG_ROW (gtk_list_item_get_child (list_item)), NULL);
}

static SpLogKinds
kind_group (SpEventKind kind)
{
  switch (kind)
    {
    case SP_EVENT_KIND_SEND:
    case SP_EVENT_KIND_RECV:
      return SP_LOG_KINDS_DATA;

    case SP_EVENT_KIND_ERROR:
      return SP_LOG_KINDS_ERRORS;

    case SP_EVENT_KIND_INFO:
      return SP_LOG_KINDS_NOTES;

    case SP_EVENT_KIND_RESOLVE:
    case SP_EVENT_KIND_SOCKET:
    case SP_EVENT_KIND_BIND:
    case SP_EVENT_KIND_LISTEN:
    case SP_EVENT_KIND_ACCEPT:
    case SP_EVENT_KIND_CONNECT:
    case SP_EVENT_KIND_SHUTDOWN:
    case SP_EVENT_KIND_CLOSE:
    default:
      return SP_LOG_KINDS_SETUP;
    }
}

static gboolean
sp_log_view_choice_filter_func (gpointer item,
                                gpointer user_data)
{
  SpLogView *self = user_data;
  SpEvent *event = item;

  if (self->direction_filter != SP_DIRECTION_NONE &&
      sp_event_get_direction (event) != self->direction_filter)
    return FALSE;

  if ((self->kinds & kind_group (sp_event_get_kind (event))) == 0)
    return FALSE;

  if (self->connection_filter != 0 &&
      sp_event_get_connection_id (event) != self->connection_filter)
    return FALSE;

  return TRUE;
}

/* Without a choice, no filter function at all: the filter then matches everything
 * without looking, and a million events pass straight through. */
static void
sp_log_view_update_choice_filter (SpLogView *self)
{
  gboolean filtering;

  g_assert (SP_IS_LOG_VIEW (self));

  filtering = self->direction_filter != SP_DIRECTION_NONE ||
              self->kinds != SP_LOG_KINDS_ALL ||
              self->connection_filter != 0;

  if (filtering)
    gtk_custom_filter_set_filter_func (self->choice_filter,
                                       sp_log_view_choice_filter_func, self, NULL);
  else
    gtk_custom_filter_set_filter_func (self->choice_filter, NULL, NULL, NULL);

  if (filtering)
    gtk_widget_add_css_class (GTK_WIDGET (self->filter_button), "accent");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->filter_button), "accent");
}

/* The spin button of the filter menu says "All" for connection 0. */
static gboolean
sp_log_view_connection_output_cb (GtkSpinButton *spin,
                                  gpointer       user_data)
{
  guint value = (guint) gtk_adjustment_get_value (gtk_spin_button_get_adjustment (spin));
  g_autofree char *text = NULL;

  if (value == 0)
    text = g_strdup (C_("connection", "All"));
  else
    text = g_strdup_printf ("%u", value);

  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (spin)), text) != 0)
    gtk_editable_set_text (GTK_EDITABLE (spin), text);

  return TRUE;
}

static int
sp_log_view_connection_input_cb (GtkSpinButton *spin,
                                 double        *new_value,
                                 gpointer       user_data)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (spin));
  guint64 value;

  if (g_utf8_collate (text, C_("connection", "All")) == 0 || text[0] == '\0')
    {
      *new_value = 0;
      return TRUE;
    }

  /* "#3" as the log writes it is understood too. */
  if (text[0] == '#')
    text++;

  if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT, &value, NULL))
    return GTK_INPUT_ERROR;

  *new_value = value;
  return TRUE;
}

static void
sp_log_view_search_changed_cb (SpLogView      *self,
                               GtkSearchEntry *entry)
{
  g_assert (SP_IS_LOG_VIEW (self));

  /* Setting the entry's text empties it first, which a search entry announces at once. */
  if (self->setting_entry)
    return;

  sp_log_view_set_search_text (self, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static void
sp_log_view_stop_search_cb (SpLogView      *self,
                            GtkSearchEntry *entry)
{
  g_assert (SP_IS_LOG_VIEW (self));

  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
}

static gboolean
sp_log_view_is_at_end (GtkAdjustment *adjustment)
{
  double value = gtk_adjustment_get_value (adjustment);
  double page_size = gtk_adjustment_get_page_size (adjustment);
  double upper = gtk_adjustment_get_upper (adjustment);

  return value + page_size >= upper - AT_END_TOLERANCE;
}

static void
sp_log_view_set_following (SpLogView *self,
                           gboolean   following)
{
  g_assert (SP_IS_LOG_VIEW (self));

  following = !!following;
  if (self->follow == following)
    return;

  self->follow = following;
  gtk_widget_set_visible (self->jump_button, !following);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLLOWING]);
}

/* Scrolls on the frame clock, before layout: never from inside the list's own
 * allocation, where the adjustment changes as rows get measured. The list is
 * anchored on its newest row, aligned to the bottom, rather than given a value:
 * rows are measured lazily, so the end of the adjustment is only an estimate.
 * However many events arrived since the last frame, this runs once per frame. */
static gboolean
sp_log_view_scroll_tick_cb (GtkWidget     *widget,
                            GdkFrameClock *frame_clock,
                            gpointer       user_data)
{
  SpLogView *self = SP_LOG_VIEW (widget);
  guint n_items;

  self->scroll_tick_id = 0;
  self->scroll_pending = FALSE;

  n_items = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));
  if (n_items > 0 && self->follow)
    gtk_widget_activate_action (GTK_WIDGET (self->list_view),
                                "list.scroll-to-item", "u", n_items - 1);

  return G_SOURCE_REMOVE;
}

static void
sp_log_view_scroll_to_end (SpLogView *self)
{
  g_assert (SP_IS_LOG_VIEW (self));

  self->scroll_pending = TRUE;

  if (self->scroll_tick_id == 0)
    self->scroll_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self),
                                                         sp_log_view_scroll_tick_cb,
                                                         NULL, NULL);
}

/* Whether the newest event is in view decides whether new ones scroll into view. */
static void
sp_log_view_adjustment_value_changed_cb (SpLogView     *self,
                                         GtkAdjustment *adjustment)
{
  g_assert (SP_IS_LOG_VIEW (self));

  /* The list grew and we are about to follow it: not the person scrolling away. */
  if (self->scroll_pending)
    return;

  sp_log_view_set_following (self, sp_log_view_is_at_end (adjustment));
}

/* Rows were measured or the view resized: stay at the end if that is where we were. */
static void
sp_log_view_adjustment_changed_cb (SpLogView     *self,
                                   GtkAdjustment *adjustment)
{
  g_assert (SP_IS_LOG_VIEW (self));

  if (self->follow && !sp_log_view_is_at_end (adjustment))
    sp_log_view_scroll_to_end (self);
}

static void
sp_log_view_update_placeholder (SpLogView *self)
{
  const char *page;

  g_assert (SP_IS_LOG_VIEW (self));

  if (g_list_model_get_n_items (G_LIST_MODEL (self->batch)) == 0)
    page = "empty";
  else if (g_list_model_get_n_items (G_LIST_MODEL (self->filter_model)) == 0 &&
           gtk_filter_list_model_get_pending (self->filter_model) == 0)
    page = "no-match";
  else
    page = "log";

  /* Called for every event: only touch the stack when the page changes. */
  if (page != self->page)
    {
      self->page = page;
      gtk_stack_set_visible_child_name (self->stack, page);
    }
}

static void
sp_log_view_model_items_changed_cb (SpLogView  *self,
                                    guint       position,
                                    guint       removed,
                                    guint       added,
                                    GListModel *model)
{
  g_assert (SP_IS_LOG_VIEW (self));

  sp_log_view_update_placeholder (self);
}

static void
sp_log_view_shown_items_changed_cb (SpLogView  *self,
                                    guint       position,
                                    guint       removed,
                                    guint       added,
                                    GListModel *shown)
{
  g_assert (SP_IS_LOG_VIEW (self));

  sp_log_view_update_placeholder (self);

  if (self->follow && added > 0)
    sp_log_view_scroll_to_end (self);

  if (self->pending_selection != NULL && added > 0)
    sp_log_view_try_pending_selection (self);
}

static void
sp_log_view_pending_changed_cb (SpLogView  *self,
                                GParamSpec *pspec,
                                gpointer    filter_model)
{
  g_assert (SP_IS_LOG_VIEW (self));

  sp_log_view_update_placeholder (self);

  if (self->pending_selection != NULL)
    sp_log_view_try_pending_selection (self);
}

static void
sp_log_view_selection_changed_cb (SpLogView  *self,
                                  GParamSpec *pspec,
                                  gpointer    selection)
{
  g_assert (SP_IS_LOG_VIEW (self));

  sp_log_view_update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_EVENT]);
}

/* Selection ------------------------------------------------------------------------ */

/* Where @event is in the list shown, or GTK_INVALID_LIST_POSITION. Events are in time
 * order after the first row (a marker row there is newer than those after it), so a
 * binary search finds it among a million; if the clock stepped back while the log
 * grew, a plain scan does. */
static guint
sp_log_view_find_position (SpLogView *self,
                           SpEvent   *event)
{
  GListModel *shown = G_LIST_MODEL (self->filter_model);
  guint n = g_list_model_get_n_items (shown);
  gint64 time = sp_event_get_time (event);
  guint low = 1;
  guint high = n;

  if (n == 0)
    return GTK_INVALID_LIST_POSITION;

  {
    g_autoptr(SpEvent) first = g_list_model_get_item (shown, 0);

    if (first == event)
      return 0;
  }

  while (low < high)
    {
      guint middle = low + (high - low) / 2;
      g_autoptr(SpEvent) item = g_list_model_get_item (shown, middle);

      if (sp_event_get_time (item) < time)
        low = middle + 1;
      else
        high = middle;
    }

  for (guint i = low; i < n; i++)
    {
      g_autoptr(SpEvent) item = g_list_model_get_item (shown, i);

      if (item == event)
        return i;
      if (sp_event_get_time (item) != time)
        break;
    }

  for (guint i = 1; i < n; i++)
    {
      g_autoptr(SpEvent) item = g_list_model_get_item (shown, i);

      if (item == event)
        return i;
    }

  return GTK_INVALID_LIST_POSITION;
}

/* Selects the row at @position and scrolls it into view; the list stops following
 * the newest event unless that is the one. */
static void
sp_log_view_select_position (SpLogView *self,
                             guint      position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));

  if (position + 1 < n)
    sp_log_view_set_following (self, FALSE);

  gtk_single_selection_set_selected (self->selection, position);
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", position);
}

static void
sp_log_view_try_pending_selection (SpLogView *self)
{
  guint position;

  g_assert (SP_IS_LOG_VIEW (self));
  g_assert (self->pending_selection != NULL);

  position = sp_log_view_find_position (self, self->pending_selection);
  if (position != GTK_INVALID_LIST_POSITION)
    {
      g_clear_object (&self->pending_selection);
      sp_log_view_select_position (self, position);
    }
  else if (!sp_log_view_get_pending (self))
    g_clear_object (&self->pending_selection);
}

/* Recording ---------------------------------------------------------------------- */

static void
sp_log_view_show_record_error (SpLogView  *self,
                               const char *sentence)
{
  g_assert (SP_IS_LOG_VIEW (self));

  gtk_label_set_text (self->record_error_label, sentence);
  gtk_widget_set_visible (GTK_WIDGET (self->record_error_label), sentence != NULL);
}

static void
sp_log_view_set_record_state (SpLogView   *self,
                              RecordState  state)
{
  gboolean was_recording;
  gboolean recording;

  g_assert (SP_IS_LOG_VIEW (self));

  if (self->record_state == state)
    return;

  was_recording = sp_log_view_get_recording (self);
  self->record_state = state;
  recording = sp_log_view_get_recording (self);

  gtk_stack_set_visible_child_name (self->record_stack,
                                    state == RECORD_IDLE ? "idle" : "recording");

  if (self->record_file != NULL && state != RECORD_IDLE)
    {
      g_autofree char *name = g_file_get_parse_name (self->record_file);
      g_autofree char *tooltip = g_strdup_printf (_("Recording every new event to “%s”. Click to stop."), name);

      gtk_widget_set_tooltip_text (self->stop_button, tooltip);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->stop_button),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, tooltip,
                                      -1);
    }

  if (state == RECORD_IDLE)
    g_clear_object (&self->record_file);

  sp_log_view_update_actions (self);

  if (was_recording != recording)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECORDING]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECORDING_FILE]);
}

static void
sp_log_view_record_closed_cb (GObject      *object,
                              GAsyncResult *result,
                              gpointer      user_data)
{
  g_autoptr(SpLogView) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_output_stream_close_finish (G_OUTPUT_STREAM (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CLOSED))
    {
      g_autofree char *sentence = g_strdup_printf (_("The end of the recording could not be written: %s"),
                                                   error->message);

      sp_log_view_show_record_error (self, sentence);
    }

  if (self->record_stream == G_OUTPUT_STREAM (object))
    {
      g_clear_object (&self->record_stream);
      sp_log_view_set_record_state (self, RECORD_IDLE);
    }
}

static void
sp_log_view_record_close (SpLogView *self)
{
  g_assert (SP_IS_LOG_VIEW (self));

  g_clear_object (&self->recorder);
  g_output_stream_close_async (self->record_stream, G_PRIORITY_DEFAULT, NULL,
                               sp_log_view_record_closed_cb, g_object_ref (self));
}

static void
sp_log_view_record_flushed_cb (GObject      *object,
                               GAsyncResult *result,
                               gpointer      user_data)
{
  g_autoptr(SpLogView) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!sp_event_recorder_flush_finish (SP_EVENT_RECORDER (object), result, &error))
    {
      g_autofree char *sentence = g_strdup_printf (_("Recording the log stopped: %s"), error->message);

      sp_log_view_show_record_error (self, sentence);
    }

  if (self->recorder == SP_EVENT_RECORDER (object))
    sp_log_view_record_close (self);
}

/* Stops taking new events, writes what is queued, then closes the file. */
static void
sp_log_view_record_finish (SpLogView *self)
{
  g_assert (SP_IS_LOG_VIEW (self));
  g_assert (self->record_state == RECORD_RUNNING);

  g_clear_handle_id (&self->record_check_id, g_source_remove);
  sp_log_view_set_record_state (self, RECORD_CLOSING);

  /* The recorder listens to the log's items-changed; from now on nothing new is
   * queued behind the flush. (The engine has no "stop" call for a recorder.) */
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self->recorder);

  sp_event_recorder_flush_async (self->recorder, NULL,
                                 sp_log_view_record_flushed_cb, g_object_ref (self));
}

static gboolean
sp_log_view_record_check_cb (gpointer user_data)
{
  SpLogView *self = user_data;
  const GError *error;

  g_assert (SP_IS_LOG_VIEW (self));

  error = sp_event_recorder_get_error (self->recorder);
  if (error == NULL)
    return G_SOURCE_CONTINUE;

  {
    g_autofree char *sentence = g_strdup_printf (_("Recording the log stopped: %s"), error->message);

    sp_log_view_show_record_error (self, sentence);
  }

  self->record_check_id = 0;
  sp_log_view_set_record_state (self, RECORD_CLOSING);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self->recorder);
  sp_log_view_record_close (self);

  return G_SOURCE_REMOVE;
}

static SpRecordFormat
record_format_for_file (GFile *file)
{
  g_autofree char *basename = g_file_get_basename (file);

  return sp_record_format_for_name (basename != NULL ? basename : "");
}

static void
sp_log_view_record_opened_cb (GObject      *object,
                              GAsyncResult *result,
                              gpointer      user_data)
{
  g_autoptr(SpLogView) self = user_data;
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autoptr(GError) error = NULL;

  stream = g_file_replace_finish (G_FILE (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->record_cancellable);

  if (stream == NULL)
    {
      g_autofree char *name = g_file_get_parse_name (G_FILE (object));
      g_autofree char *sentence = g_strdup_printf (_("The log cannot be recorded to “%s”: %s"),
                                                   name, error->message);

      sp_log_view_show_record_error (self, sentence);
      sp_log_view_set_record_state (self, RECORD_IDLE);
      return;
    }

  /* The model changed while the file was being opened. */
  if (!SP_IS_EVENT_LOG (self->model))
    {
      g_output_stream_close_async (G_OUTPUT_STREAM (stream), G_PRIORITY_DEFAULT, NULL, NULL, NULL);
      sp_log_view_set_record_state (self, RECORD_IDLE);
      return;
    }

  self->record_stream = G_OUTPUT_STREAM (g_steal_pointer (&stream));
  self->recorder = sp_event_recorder_new (SP_EVENT_LOG (self->model),
                                          self->record_stream,
                                          record_format_for_file (G_FILE (object)),
                                          NULL);
  self->record_check_id = g_timeout_add_seconds (RECORD_CHECK_SECONDS,
                                                 sp_log_view_record_check_cb, self);
  sp_log_view_set_record_state (self, RECORD_RUNNING);
}

static void
sp_log_view_file_chooser_response_cb (SpLogView      *self,
                                      int             response,
                                      GtkNativeDialog *dialog)
{
  g_assert (SP_IS_LOG_VIEW (self));

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autoptr(GError) error = NULL;

      if (file != NULL && !sp_log_view_start_recording (self, file, &error))
        sp_log_view_show_record_error (self, error->message);
    }

  gtk_native_dialog_destroy (dialog);
  g_clear_object (&self->file_chooser);
}

/* Actions ------------------------------------------------------------------------ */

static void
sp_log_view_update_actions (SpLogView *self)
{
  SpEvent *selected;
  gboolean is_log;

  g_assert (SP_IS_LOG_VIEW (self));

  is_log = SP_IS_EVENT_LOG (self->model);
  selected = gtk_single_selection_get_selected_item (self->selection);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "log.copy", selected != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "log.show-payload",
                                 selected != NULL && sp_event_get_payload (selected) != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "log.clear", is_log);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "log.record",
                                 is_log && self->record_state == RECORD_IDLE &&
                                 self->file_chooser == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "log.stop-recording",
                                 self->record_state == RECORD_RUNNING);
}

static void
sp_log_view_scroll_to_end_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *parameter)
{
  SpLogView *self = SP_LOG_VIEW (widget);

  sp_log_view_set_following (self, TRUE);
  sp_log_view_scroll_to_end (self);
}

static void
sp_log_view_copy_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  SpLogView *self = SP_LOG_VIEW (widget);
  g_autofree char *line = NULL;
  SpEvent *event;

  event = gtk_single_selection_get_selected_item (self->selection);
  if (event == NULL)
    return;

  line = sp_event_format_text (event, NULL);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), line);
}

static void
sp_log_view_clear_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  SpLogView *self = SP_LOG_VIEW (widget);

  if (SP_IS_EVENT_LOG (self->model))
    sp_event_log_clear (SP_EVENT_LOG (self->model));

  sp_log_view_set_following (self, TRUE);
}

static void
sp_log_view_search_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  SpLogView *self = SP_LOG_VIEW (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
sp_log_view_record_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  SpLogView *self = SP_LOG_VIEW (widget);
  g_autoptr(GtkFileFilter) json_filter = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) text_filter = gtk_file_filter_new ();
  GtkFileChooserNative *chooser;
  GtkRoot *root;

  if (self->file_chooser != NULL || self->record_state != RECORD_IDLE)
    return;

  root = gtk_widget_get_root (widget);
  chooser = gtk_file_chooser_native_new (_("Record the Log"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Record"),
                                         _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), "socket-playground-log.jsonl");

  gtk_file_filter_set_name (json_filter, _("JSON Lines, one event per line (.jsonl)"));
  gtk_file_filter_add_pattern (json_filter, "*.jsonl");
  gtk_file_filter_add_pattern (json_filter, "*.json");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), json_filter);

  gtk_file_filter_set_name (text_filter, _("Text, as the log reads (.txt)"));
  gtk_file_filter_add_pattern (text_filter, "*.txt");
  gtk_file_filter_add_pattern (text_filter, "*.log");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), text_filter);

  self->file_chooser = GTK_NATIVE_DIALOG (chooser);
  g_signal_connect_object (chooser, "response",
                           G_CALLBACK (sp_log_view_file_chooser_response_cb),
                           self, G_CONNECT_SWAPPED);
  sp_log_view_show_record_error (self, NULL);
  sp_log_view_update_actions (self);
  gtk_native_dialog_show (self->file_chooser);
}

static void
sp_log_view_show_payload_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *parameter)
{
  SpLogView *self = SP_LOG_VIEW (widget);
  SpEvent *event = gtk_single_selection_get_selected_item (self->selection);

  if (event != NULL)
    sp_log_view_show_payload (self, event);
}

static void
sp_log_view_stop_recording_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *parameter)
{
  sp_log_view_stop_recording (SP_LOG_VIEW (widget));
}

/* GObject ------------------------------------------------------------------------ */

/* The popover is the view's own child beside the bin's: it is placed here, as GTK
 * wants a popover's parent to do. */
static void
sp_log_view_size_allocate (GtkWidget *widget,
                           int        width,
                           int        height,
                           int        baseline)
{
  SpLogView *self = SP_LOG_VIEW (widget);

  GTK_WIDGET_CLASS (sp_log_view_parent_class)->size_allocate (widget, width, height, baseline);

  if (self->payload_popover != NULL)
    gtk_popover_present (GTK_POPOVER (self->payload_popover));
}

static void
sp_log_view_dispose (GObject *object)
{
  SpLogView *self = (SpLogView *)object;

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);

  if (self->scroll_tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->scroll_tick_id);
      self->scroll_tick_id = 0;
    }

  if (self->file_chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->file_chooser, self);
      gtk_native_dialog_destroy (self->file_chooser);
      g_clear_object (&self->file_chooser);
    }

  /* A recording still open writes what it holds as the recorder goes, then the
   * stream closes the file as it is finalized. */
  g_cancellable_cancel (self->record_cancellable);
  g_clear_object (&self->record_cancellable);
  g_clear_handle_id (&self->record_check_id, g_source_remove);
  g_clear_object (&self->recorder);
  g_clear_object (&self->record_stream);
  g_clear_object (&self->record_file);

  if (self->choice_filter != NULL)
    gtk_custom_filter_set_filter_func (self->choice_filter, NULL, NULL, NULL);

  g_clear_pointer (&self->payload_popover, gtk_widget_unparent);
  g_clear_object (&self->pending_selection);

  /* AdwBin unparents its child itself: let go of it before the template does. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), SP_TYPE_LOG_VIEW);

  g_clear_object (&self->model);
  if (self->batch != NULL)
    g_signal_handlers_disconnect_by_data (self->batch, self);
  g_clear_object (&self->batch);

  G_OBJECT_CLASS (sp_log_view_parent_class)->dispose (object);
}

static void
sp_log_view_finalize (GObject *object)
{
  SpLogView *self = (SpLogView *)object;

  g_clear_pointer (&self->placeholder_text, g_free);
  g_clear_pointer (&self->search_text, g_free);

  G_OBJECT_CLASS (sp_log_view_parent_class)->finalize (object);
}

static void
sp_log_view_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  SpLogView *self = SP_LOG_VIEW (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      g_value_set_object (value, self->model);
      break;

    case PROP_PLACEHOLDER_TEXT:
      g_value_set_string (value, self->placeholder_text);
      break;

    case PROP_FOLLOWING:
      g_value_set_boolean (value, self->follow);
      break;

    case PROP_SEARCH_TEXT:
      g_value_set_string (value, self->search_text);
      break;

    case PROP_DIRECTION_FILTER:
      g_value_set_enum (value, self->direction_filter);
      break;

    case PROP_SHOW_SETUP:
      g_value_set_boolean (value, (self->kinds & SP_LOG_KINDS_SETUP) != 0);
      break;

    case PROP_SHOW_DATA:
      g_value_set_boolean (value, (self->kinds & SP_LOG_KINDS_DATA) != 0);
      break;

    case PROP_SHOW_ERRORS:
      g_value_set_boolean (value, (self->kinds & SP_LOG_KINDS_ERRORS) != 0);
      break;

    case PROP_SHOW_NOTES:
      g_value_set_boolean (value, (self->kinds & SP_LOG_KINDS_NOTES) != 0);
      break;

    case PROP_CONNECTION_FILTER:
      g_value_set_uint (value, self->connection_filter);
      break;

    case PROP_RECORDING:
      g_value_set_boolean (value, sp_log_view_get_recording (self));
      break;

    case PROP_RECORDING_FILE:
      g_value_set_object (value, self->record_file);
      break;

    case PROP_PAYLOAD_VIEW:
      g_value_set_enum (value, self->payload_view);
      break;

    case PROP_SELECTED_EVENT:
      g_value_set_object (value, sp_log_view_get_selected_event (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
set_kind_shown (SpLogView  *self,
                SpLogKinds  kind,
                gboolean    shown)
{
  if (shown)
    sp_log_view_set_kinds (self, self->kinds | kind);
  else
    sp_log_view_set_kinds (self, self->kinds & ~kind);
}

static void
sp_log_view_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  SpLogView *self = SP_LOG_VIEW (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      sp_log_view_set_model (self, g_value_get_object (value));
      break;

    case PROP_PLACEHOLDER_TEXT:
      if (g_strcmp0 (self->placeholder_text, g_value_get_string (value)) != 0)
        {
          g_free (self->placeholder_text);
          self->placeholder_text = g_value_dup_string (value);
          gtk_label_set_text (self->placeholder_label, self->placeholder_text);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    case PROP_SEARCH_TEXT:
      sp_log_view_set_search_text (self, g_value_get_string (value));
      break;

    case PROP_DIRECTION_FILTER:
      sp_log_view_set_direction_filter (self, g_value_get_enum (value));
      break;

    case PROP_SHOW_SETUP:
      set_kind_shown (self, SP_LOG_KINDS_SETUP, g_value_get_boolean (value));
      break;

    case PROP_SHOW_DATA:
      set_kind_shown (self, SP_LOG_KINDS_DATA, g_value_get_boolean (value));
      break;

    case PROP_SHOW_ERRORS:
      set_kind_shown (self, SP_LOG_KINDS_ERRORS, g_value_get_boolean (value));
      break;

    case PROP_SHOW_NOTES:
      set_kind_shown (self, SP_LOG_KINDS_NOTES, g_value_get_boolean (value));
      break;

    case PROP_CONNECTION_FILTER:
      sp_log_view_set_connection_filter (self, g_value_get_uint (value));
      break;

    case PROP_PAYLOAD_VIEW:
      sp_log_view_set_payload_view (self, g_value_get_enum (value));
      break;

    case PROP_SELECTED_EVENT:
      sp_log_view_set_selected_event (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_log_view_class_init (SpLogViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sp_log_view_dispose;
  object_class->finalize = sp_log_view_finalize;
  object_class->get_property = sp_log_view_get_property;
  object_class->set_property = sp_log_view_set_property;

  widget_class->size_allocate = sp_log_view_size_allocate;

  /**
   * SpLogView:model:
   *
   * The events shown, a #GListModel of #SpEvent (usually an #SpEventLog).
   */
  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL,
                         G_TYPE_LIST_MODEL,
                         (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  /**
   * SpLogView:placeholder-text:
   *
   * The sentence shown while there is no event yet.
   */
  properties[PROP_PLACEHOLDER_TEXT] =
    g_param_spec_string ("placeholder-text", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  /**
   * SpLogView:following:
   *
   * Whether the newest event is in view, so that new events scroll into view too.
   * Scrolling up stops following; scrolling back to the end resumes it.
   */
  properties[PROP_FOLLOWING] =
    g_param_spec_boolean ("following", NULL, NULL,
                          TRUE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  /**
   * SpLogView:search-text:
   *
   * Only events whose call, sentence or payload preview contain this text are shown
   * (ignoring case); %NULL or empty shows them all.
   */
  properties[PROP_SEARCH_TEXT] =
    g_param_spec_string ("search-text", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  /**
   * SpLogView:direction-filter:
   *
   * %SP_DIRECTION_IN shows only what came in, %SP_DIRECTION_OUT only what went out,
   * %SP_DIRECTION_NONE everything.
   */
  properties[PROP_DIRECTION_FILTER] =
    g_param_spec_enum ("direction-filter", NULL, NULL,
                       SP_TYPE_DIRECTION, SP_DIRECTION_NONE,
                       (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  /* Which groups of kinds are shown (see #SpLogKinds). */
  properties[PROP_SHOW_SETUP] =
    g_param_spec_boolean ("show-setup", NULL, NULL,
                          TRUE,
                          (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));
  properties[PROP_SHOW_DATA] =
    g_param_spec_boolean ("show-data", NULL, NULL,
                          TRUE,
                          (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));
  properties[PROP_SHOW_ERRORS] =
    g_param_spec_boolean ("show-errors", NULL, NULL,
                          TRUE,
                          (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));
  properties[PROP_SHOW_NOTES] =
    g_param_spec_boolean ("show-notes", NULL, NULL,
                          TRUE,
                          (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  /**
   * SpLogView:connection-filter:
   *
   * Shows only the events of connection number N, or of all when 0.
   */
  properties[PROP_CONNECTION_FILTER] =
    g_param_spec_uint ("connection-filter", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  /**
   * SpLogView:recording:
   *
   * Whether new events are being written to #SpLogView:recording-file: from the moment
   * the file is open until it is closed again.
   */
  properties[PROP_RECORDING] =
    g_param_spec_boolean ("recording", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  properties[PROP_RECORDING_FILE] =
    g_param_spec_object ("recording-file", NULL, NULL,
                         G_TYPE_FILE,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  /**
   * SpLogView:payload-view:
   *
   * How the rows show payloads: as text, as text with escapes, or as hex. The popover
   * of one event (sp_log_view_show_payload()) opens on this rendering and can show the
   * others.
   */
  properties[PROP_PAYLOAD_VIEW] =
    g_param_spec_enum ("payload-view", NULL, NULL,
                       SP_TYPE_PAYLOAD_VIEW, SP_PAYLOAD_VIEW_ESCAPED,
                       (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  /**
   * SpLogView:selected-event:
   *
   * The event selected in the list, or %NULL. Setting it selects that event's row and
   * scrolls to it; an event the list does not show (filtered out, or not in the log)
   * leaves nothing selected. One appended a moment ago is selected as soon as the list
   * shows it.
   */
  properties[PROP_SELECTED_EVENT] =
    g_param_spec_object ("selected-event", NULL, NULL,
                         SP_TYPE_EVENT,
                         (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/sp-log-view.ui");
  gtk_widget_class_bind_template_child (widget_class, SpLogView, filter_button);
  gtk_widget_class_bind_template_child (widget_class, SpLogView, filter_model);
  gtk_widget_class_bind_template_child (widget_class, SpLogView, choice_filter);
  gtk_widget_class_bind_template_child (widget_class, SpLogView, jump_button);
  gtk_widget_class_bind_template_child (widget_class, SpLogView, list_view);
  gtk_widget_class_bind_template_child (widget_class, SpLogView, payload_button);
  gtk_widget_class_bind_template_child (widget_class, SpLogView, placeholder_label);
  gtk_widget_class_bind_template_child (widget_class, SpLogView, record_error_label);
  gtk_widget_class_bind_template_child (widget_class, SpLogView, record_stack);
  gtk_widget_class_bind_template_child (widget_class, SpLogView, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, SpLogView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, SpLogView, search_filter);
  gtk_widget_class_bind_template_child (widget_class, SpLogView, selection);
  gtk_widget_class_bind_template_child (widget_class, SpLogView, stack);
  gtk_widget_class_bind_template_child (widget_class, SpLogView, stop_button);
  gtk_widget_class_bind_template_callback (widget_class, sp_log_view_connection_input_cb);
  gtk_widget_class_bind_template_callback (widget_class, sp_log_view_connection_output_cb);
  gtk_widget_class_bind_template_callback (widget_class, sp_log_view_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, sp_log_view_search_text);
  gtk_widget_class_bind_template_callback (widget_class, sp_log_view_stop_search_cb);

  gtk_widget_class_install_action (widget_class, "log.scroll-to-end", NULL,
                                   sp_log_view_scroll_to_end_action);
  gtk_widget_class_install_action (widget_class, "log.copy", NULL,
                                   sp_log_view_copy_action);
  gtk_widget_class_install_action (widget_class, "log.clear", NULL,
                                   sp_log_view_clear_action);
  gtk_widget_class_install_action (widget_class, "log.search", NULL,
                                   sp_log_view_search_action);
  gtk_widget_class_install_action (widget_class, "log.record", NULL,
                                   sp_log_view_record_action);
  gtk_widget_class_install_action (widget_class, "log.stop-recording", NULL,
                                   sp_log_view_stop_recording_action);
  gtk_widget_class_install_action (widget_class, "log.show-payload", NULL,
                                   sp_log_view_show_payload_action);
  gtk_widget_class_install_property_action (widget_class, "log.payload-view", "payload-view");
  gtk_widget_class_install_property_action (widget_class, "log.direction", "direction-filter");
  gtk_widget_class_install_property_action (widget_class, "log.show-setup", "show-setup");
  gtk_widget_class_install_property_action (widget_class, "log.show-data", "show-data");
  gtk_widget_class_install_property_action (widget_class, "log.show-errors", "show-errors");
  gtk_widget_class_install_property_action (widget_class, "log.show-notes", "show-notes");

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK, "log.copy", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "log.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK, "log.clear", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_End, GDK_CONTROL_MASK,
                                       "log.scroll-to-end", NULL);

  gtk_widget_class_set_css_name (widget_class, "logview");

  g_type_ensure (SP_TYPE_EVENT);
  g_type_ensure (SP_TYPE_DIRECTION);
  g_type_ensure (SP_TYPE_PAYLOAD_VIEW);
}

static void
sp_log_view_init (SpLogView *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;
  GtkAdjustment *vadjustment;

  self->follow = TRUE;
  self->kinds = SP_LOG_KINDS_ALL;
  self->direction_filter = SP_DIRECTION_NONE;
  self->payload_view = SP_PAYLOAD_VIEW_ESCAPED;

  gtk_widget_init_template (GTK_WIDGET (self));

  sp_log_view_update_payload_button (self);
  g_signal_connect_object (self->list_view, "activate",
                           G_CALLBACK (sp_log_view_list_activate_cb),
                           self, G_CONNECT_SWAPPED);

  self->batch = sp_log_batch_new (NULL);
  gtk_filter_list_model_set_model (self->filter_model, G_LIST_MODEL (self->batch));
  g_signal_connect_object (self->batch,
                           "items-changed",
                           G_CALLBACK (sp_log_view_model_items_changed_cb),
                           self,
                           G_CONNECT_SWAPPED);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (sp_log_view_setup_row_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (sp_log_view_bind_row_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (sp_log_view_unbind_row_cb), NULL);
  gtk_list_view_set_factory (self->list_view, factory);

  vadjustment = gtk_scrolled_window_get_vadjustment (self->scrolled_window);
  g_signal_connect_object (vadjustment,
                           "value-changed",
                           G_CALLBACK (sp_log_view_adjustment_value_changed_cb),
                           self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (vadjustment,
                           "changed",
                           G_CALLBACK (sp_log_view_adjustment_changed_cb),
                           self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->filter_model,
                           "items-changed",
                           G_CALLBACK (sp_log_view_shown_items_changed_cb),
                           self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->filter_model,
                           "notify::pending",
                           G_CALLBACK (sp_log_view_pending_changed_cb),
                           self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection,
                           "notify::selected-item",
                           G_CALLBACK (sp_log_view_selection_changed_cb),
                           self,
                           G_CONNECT_SWAPPED);

  sp_log_view_update_choice_filter (self);
  sp_log_view_update_placeholder (self);
  sp_log_view_update_actions (self);
}

GtkWidget *
sp_log_view_new (GListModel *model)
{
  g_return_val_if_fail (model == NULL || G_IS_LIST_MODEL (model), NULL);

  return g_object_new (SP_TYPE_LOG_VIEW,
                       "model", model,
                       NULL);
}

/**
 * sp_log_view_get_model:
 *
 * Returns: (transfer none) (nullable): the events, before any search or filter
 */
GListModel *
sp_log_view_get_model (SpLogView *self)
{
  g_return_val_if_fail (SP_IS_LOG_VIEW (self), NULL);

  return self->model;
}

void
sp_log_view_set_model (SpLogView  *self,
                       GListModel *model)
{
  g_return_if_fail (SP_IS_LOG_VIEW (self));
  g_return_if_fail (model == NULL || G_IS_LIST_MODEL (model));

  if (self->model == model)
    return;

  /* A recording belongs to the log it was started on. */
  if (self->record_state == RECORD_RUNNING)
    sp_log_view_stop_recording (self);

  g_set_object (&self->model, model);
  sp_log_batch_set_model (self->batch, model);

  sp_log_view_set_following (self, TRUE);
  sp_log_view_update_placeholder (self);
  sp_log_view_update_actions (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
}

/**
 * sp_log_view_get_shown:
 *
 * Returns: (transfer none): the events the list shows, after the search and the
 *   filters (while a new filter is applied, this grows a chunk at a time)
 */
GListModel *
sp_log_view_get_shown (SpLogView *self)
{
  g_return_val_if_fail (SP_IS_LOG_VIEW (self), NULL);

  return G_LIST_MODEL (self->filter_model);
}

/**
 * sp_log_view_get_pending:
 *
 * Returns: whether the list is behind the model: new events not shown yet (they are
 *   shown once a frame), or a new search or filter still going through the log
 */
gboolean
sp_log_view_get_pending (SpLogView *self)
{
  g_return_val_if_fail (SP_IS_LOG_VIEW (self), FALSE);

  return sp_log_batch_get_pending (self->batch) ||
         gtk_filter_list_model_get_pending (self->filter_model) > 0;
}

/**
 * sp_log_view_get_following:
 *
 * Returns: whether new events scroll into view
 */
gboolean
sp_log_view_get_following (SpLogView *self)
{
  g_return_val_if_fail (SP_IS_LOG_VIEW (self), FALSE);

  return self->follow;
}

const char *
sp_log_view_get_search_text (SpLogView *self)
{
  g_return_val_if_fail (SP_IS_LOG_VIEW (self), NULL);

  return self->search_text;
}

void
sp_log_view_set_search_text (SpLogView  *self,
                             const char *search_text)
{
  g_return_if_fail (SP_IS_LOG_VIEW (self));

  if (search_text != NULL && search_text[0] == '\0')
    search_text = NULL;

  if (g_strcmp0 (self->search_text, search_text) == 0)
    return;

  g_free (self->search_text);
  self->search_text = g_strdup (search_text);

  gtk_string_filter_set_search (self->search_filter, search_text);

  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)),
                 search_text != NULL ? search_text : "") != 0)
    {
      self->setting_entry = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), search_text != NULL ? search_text : "");
      self->setting_entry = FALSE;
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH_TEXT]);
}

SpDirection
sp_log_view_get_direction_filter (SpLogView *self)
{
  g_return_val_if_fail (SP_IS_LOG_VIEW (self), SP_DIRECTION_NONE);

  return self->direction_filter;
}

void
sp_log_view_set_direction_filter (SpLogView   *self,
                                  SpDirection  direction)
{
  g_return_if_fail (SP_IS_LOG_VIEW (self));
  g_return_if_fail (direction <= SP_DIRECTION_OUT);

  if (self->direction_filter == direction)
    return;

  self->direction_filter = direction;
  sp_log_view_update_choice_filter (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIRECTION_FILTER]);
}

SpLogKinds
sp_log_view_get_kinds (SpLogView *self)
{
  g_return_val_if_fail (SP_IS_LOG_VIEW (self), SP_LOG_KINDS_ALL);

  return self->kinds;
}

void
sp_log_view_set_kinds (SpLogView  *self,
                       SpLogKinds  kinds)
{
  SpLogKinds changed;

  g_return_if_fail (SP_IS_LOG_VIEW (self));

  kinds &= SP_LOG_KINDS_ALL;
  changed = self->kinds ^ kinds;
  if (changed == 0)
    return;

  self->kinds = kinds;
  sp_log_view_update_choice_filter (self);

  if (changed & SP_LOG_KINDS_SETUP)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_SETUP]);
  if (changed & SP_LOG_KINDS_DATA)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_DATA]);
  if (changed & SP_LOG_KINDS_ERRORS)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_ERRORS]);
  if (changed & SP_LOG_KINDS_NOTES)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_NOTES]);
}

guint
sp_log_view_get_connection_filter (SpLogView *self)
{
  g_return_val_if_fail (SP_IS_LOG_VIEW (self), 0);

  return self->connection_filter;
}

void
sp_log_view_set_connection_filter (SpLogView *self,
                                   guint      connection_id)
{
  g_return_if_fail (SP_IS_LOG_VIEW (self));

  if (self->connection_filter == connection_id)
    return;

  self->connection_filter = connection_id;
  sp_log_view_update_choice_filter (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTION_FILTER]);
}

/**
 * sp_log_view_start_recording:
 * @file: where to write; replaced if it exists
 *
 * Starts writing every event appended to the log from now on to @file, as JSON Lines
 * when its name ends in `.jsonl` or `.json`, else as text. The file is opened
 * asynchronously: #SpLogView:recording turns %TRUE once it is open, and a failure to
 * open it shows as a sentence above the log. Recording needs the model to be an
 * #SpEventLog.
 *
 * Returns: %TRUE if recording starts, %FALSE with @error if it cannot
 */
gboolean
sp_log_view_start_recording (SpLogView  *self,
                             GFile      *file,
                             GError    **error)
{
  g_return_val_if_fail (SP_IS_LOG_VIEW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!SP_IS_EVENT_LOG (self->model))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("This log cannot be recorded: it is not a pane’s own log."));
      return FALSE;
    }

  if (self->record_state != RECORD_IDLE)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_BUSY,
                           _("The log is already being recorded; stop that recording first."));
      return FALSE;
    }

  sp_log_view_show_record_error (self, NULL);
  g_set_object (&self->record_file, file);
  self->record_cancellable = g_cancellable_new ();
  sp_log_view_set_record_state (self, RECORD_OPENING);

  g_file_replace_async (file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                        G_PRIORITY_DEFAULT, self->record_cancellable,
                        sp_log_view_record_opened_cb, g_object_ref (self));

  return TRUE;
}

/**
 * sp_log_view_stop_recording:
 *
 * Stops taking new events; what was already recorded is written out and the file
 * closed, after which #SpLogView:recording turns %FALSE.
 */
void
sp_log_view_stop_recording (SpLogView *self)
{
  g_return_if_fail (SP_IS_LOG_VIEW (self));

  switch (self->record_state)
    {
    case RECORD_OPENING:
      g_cancellable_cancel (self->record_cancellable);
      g_clear_object (&self->record_cancellable);
      sp_log_view_set_record_state (self, RECORD_IDLE);
      break;

    case RECORD_RUNNING:
      sp_log_view_record_finish (self);
      break;

    case RECORD_IDLE:
    case RECORD_CLOSING:
    default:
      break;
    }
}

/**
 * sp_log_view_get_recording:
 *
 * Returns: whether a recording file is open (until it is closed after a stop)
 */
gboolean
sp_log_view_get_recording (SpLogView *self)
{
  g_return_val_if_fail (SP_IS_LOG_VIEW (self), FALSE);

  return self->record_state == RECORD_RUNNING || self->record_state == RECORD_CLOSING;
}

/**
 * sp_log_view_get_recording_file:
 *
 * Returns: (transfer none) (nullable): the file being recorded to
 */
GFile *
sp_log_view_get_recording_file (SpLogView *self)
{
  g_return_val_if_fail (SP_IS_LOG_VIEW (self), NULL);

  return self->record_file;
}

SpPayloadView
sp_log_view_get_payload_view (SpLogView *self)
{
  g_return_val_if_fail (SP_IS_LOG_VIEW (self), SP_PAYLOAD_VIEW_ESCAPED);

  return self->payload_view;
}

void
sp_log_view_set_payload_view (SpLogView     *self,
                              SpPayloadView  view)
{
  g_return_if_fail (SP_IS_LOG_VIEW (self));
  g_return_if_fail (view <= SP_PAYLOAD_VIEW_HEX);

  if (self->payload_view == view)
    return;

  self->payload_view = view;
  sp_log_view_update_payload_button (self);

  /* Rows being bound take the view from here; the ones on screen now change at once. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->list_view));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *row = gtk_widget_get_first_child (child);

      if (SP_IS_LOG_ROW (row))
        sp_log_row_set_payload_view (SP_LOG_ROW (row), view);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAYLOAD_VIEW]);
}

/**
 * sp_log_view_get_selected_event:
 *
 * Returns: (transfer none) (nullable): the event selected in the list
 */
SpEvent *
sp_log_view_get_selected_event (SpLogView *self)
{
  g_return_val_if_fail (SP_IS_LOG_VIEW (self), NULL);

  return gtk_single_selection_get_selected_item (self->selection);
}

/**
 * sp_log_view_set_selected_event:
 * @event: (nullable): an event of the log, or %NULL to select nothing
 *
 * Selects @event's row and scrolls to it (see #SpLogView:selected-event).
 */
void
sp_log_view_set_selected_event (SpLogView *self,
                                SpEvent   *event)
{
  guint position;

  g_return_if_fail (SP_IS_LOG_VIEW (self));
  g_return_if_fail (event == NULL || SP_IS_EVENT (event));

  g_clear_object (&self->pending_selection);

  if (event == NULL)
    {
      gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
      return;
    }

  if (event == gtk_single_selection_get_selected_item (self->selection))
    return;

  position = sp_log_view_find_position (self, event);
  if (position != GTK_INVALID_LIST_POSITION)
    {
      sp_log_view_select_position (self, position);
      return;
    }

  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);

  /* Appended a moment ago: the list shows new events once a frame. */
  if (sp_log_view_get_pending (self))
    self->pending_selection = g_object_ref (event);
}

/**
 * sp_log_view_show_payload:
 * @event: an event of the log
 *
 * Selects @event and shows its payload whole in a popover beside its row: as text, as
 * text with escapes and as a hex dump, starting with #SpLogView:payload-view, with a
 * button to copy it.
 */
void
sp_log_view_show_payload (SpLogView *self,
                          SpEvent   *event)
{
  SpPayloadPopover *popover;
  SpLogRow *row;

  g_return_if_fail (SP_IS_LOG_VIEW (self));
  g_return_if_fail (SP_IS_EVENT (event));

  sp_log_view_set_selected_event (self, event);

  if (self->payload_popover == NULL)
    {
      self->payload_popover = sp_payload_popover_new ();
      gtk_widget_set_parent (self->payload_popover, GTK_WIDGET (self));
    }

  popover = SP_PAYLOAD_POPOVER (self->payload_popover);
  sp_payload_popover_set_view (popover, self->payload_view);
  sp_payload_popover_set_event (popover, event);

  row = sp_log_view_find_row (self, event);
  if (row != NULL)
    {
      graphene_rect_t bounds;

      if (gtk_widget_compute_bounds (GTK_WIDGET (row), GTK_WIDGET (self), &bounds))
        {
          GdkRectangle rectangle = {
            (int) bounds.origin.x, (int) bounds.origin.y,
            (int) bounds.size.width, (int) bounds.size.height,
          };

          gtk_popover_set_pointing_to (GTK_POPOVER (popover), &rectangle);
        }
    }
  else
    gtk_popover_set_pointing_to (GTK_POPOVER (popover), NULL);

  gtk_popover_popup (GTK_POPOVER (popover));
}

/**
 * sp_log_view_get_payload_popover:
 *
 * Returns: (transfer none) (nullable): the popover that shows one event's payload,
 *   once it has been shown
 */
GtkWidget *
sp_log_view_get_payload_popover (SpLogView *self)
{
  g_return_val_if_fail (SP_IS_LOG_VIEW (self), NULL);

  return self->payload_popover;
}
