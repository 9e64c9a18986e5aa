#include "AppOptions.h"

#include <QRegularExpression>

namespace fv::viewer {

QString appUsage() {
  return "usage: fluoroview [PATH...] [--layout RxC] [--series UID] [--frame N] [--screenshot FILE.png]\n"
         "                  [--hide-patient] [--prior-mri] [--workflow ID] [--mpr] [--list-plugins]\n"
         "                  [--enable-plugin ID]\n"
         "  PATH              files, folders or DICOMDIRs to open\n"
         "  --layout RxC      viewport layout: 1x1, 1x2, 2x1, 2x2\n"
         "  --series UID      show this series in the first viewport\n"
         "  --frame N         show frame N (from 1) there (without --series: in the active viewport)\n"
         "  --screenshot F    load, render, save the main window to F (PNG) and exit 0\n"
         "  --hide-patient    hide patient identification in the corner text\n"
         "  --workflow ID     arrange a workflow (e.g. fluoro.workflow.needle-confirmation)\n"
         "  --prior-mri       prior MRI beside fluoroscopy (1x2: MR/CT left, XA/RF right)\n"
         "  --mpr             show the first volume series as MPR\n"
         "  --list-plugins    print one line per plugin (id, version, status) and exit\n"
         "  --enable-plugin ID  start plugin ID again after it froze the viewer\n";
}

AppOptions parseAppOptions(const QStringList& args) {
  AppOptions o;
  for (int i = 0; i < args.size(); ++i) {
    const QString& a = args[i];
    auto value = [&](const char* name) -> QString {
      if (i + 1 >= args.size()) {
        o.error = QString("%1 needs a value").arg(name);
        return {};
      }
      return args[++i];
    };
    if (a == "--layout") {
      const QString v = value("--layout");
      const auto m = QRegularExpression("^([12])x([123])$").match(v);
      if (!m.hasMatch()) {
        if (o.error.isEmpty()) o.error = "--layout must be 1x1, 1x2, 2x1, 2x2 or 1x3";
      } else {
        o.rows = m.captured(1).toInt();
        o.columns = m.captured(2).toInt();
      }
    } else if (a == "--series") {
      o.series = value("--series");
    } else if (a == "--frame") {
      bool ok = false;
      const int n = value("--frame").toInt(&ok);
      if (!ok || n < 1) o.error = "--frame needs a number from 1";
      else o.frame = n;
    } else if (a == "--screenshot") {
      o.screenshot = value("--screenshot");
    } else if (a == "--workflow") {
      o.workflow = value("--workflow");
    } else if (a == "--enable-plugin") {
      const QString id = value("--enable-plugin");
      if (!id.isEmpty()) o.enablePlugins << id;
    } else if (a == "--list-plugins") {
      o.listPlugins = true;
    } else if (a == "--hide-patient") {
      o.hidePatient = true;
    } else if (a == "--mpr") {
      o.mpr = true;
    } else if (a == "--prior-mri") {
      o.priorMri = true;
    } else if (a.startsWith("--")) {
      o.error = "unknown option " + a;
    } else {
      o.paths << a;
    }
    if (!o.error.isEmpty()) break;
  }
  return o;
}

}  // namespace fv::viewer
