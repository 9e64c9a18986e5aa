// Anchors the plugin API's QObject (its moc output lives in fv_viewer_core).
#include "fv/viewer/plugin/ViewerServices.h"
