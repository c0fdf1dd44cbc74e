/* sp-teaching-panel.h — the teaching views under the panes: diagram, states and code */
#pragma once

#include <adwaita.h>

#include "sp-core.h"

G_BEGIN_DECLS

#define SP_TYPE_TEACHING_PANEL (sp_teaching_panel_get_type ())

G_DECLARE_FINAL_TYPE (SpTeachingPanel, sp_teaching_panel, SP, TEACHING_PANEL, GtkWidget)

GtkWidget  *sp_teaching_panel_new              (void);
void        sp_teaching_panel_set_panes        (SpTeachingPanel *self,
                                                GListModel      *panes);
void        sp_teaching_panel_set_server_pane  (SpTeachingPanel *self,
                                                GtkWidget       *server_pane);
void        sp_teaching_panel_set_client_pane  (SpTeachingPanel *self,
                                                GtkWidget       *client_pane);
GtkWidget  *sp_teaching_panel_get_server_pane  (SpTeachingPanel *self);
GtkWidget  *sp_teaching_panel_get_client_pane  (SpTeachingPanel *self);
void        sp_teaching_panel_select_event     (SpTeachingPanel *self,
                                                SpEvent         *event);
const char *sp_teaching_panel_get_page         (SpTeachingPanel *self);
void        sp_teaching_panel_set_page         (SpTeachingPanel *self,
                                                const char      *page);
GtkWidget  *sp_teaching_panel_get_sequence_view (SpTeachingPanel *self);
GtkWidget  *sp_teaching_panel_get_code_view    (SpTeachingPanel *self,
                                                gboolean         server);
GtkWidget  *sp_teaching_panel_get_state_view   (SpTeachingPanel *self,
                                                gboolean         server);

G_END_DECLS
