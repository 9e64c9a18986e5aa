// Temporary: shows one series in one viewport (the main window comes next).
#include <QApplication>

#include "fv/dicom/Indexer.h"
#include "fv/viewer/ImageViewport.h"

int main(int argc, char** argv) {
  fv::viewer::VtkOpenGLWidget::setDefaultSurfaceFormat();
  QApplication app(argc, argv);
  const auto index = fv::dicom::indexPaths({argc > 1 ? argv[1] : "testdata/demo"});
  fv::viewer::ImageViewport view;
  view.resize(800, 800);
  view.show();
  if (!index.allSeries().empty()) view.setStack(index.allSeries()[0], 0);
  if (argc > 2) {
    QObject::connect(&view, &fv::viewer::VtkOpenGLWidget::painted, [&](double ms) {
      static int n = 0;
      if (++n == 3) {
        view.grabFramebuffer().save(argv[2]);
        fprintf(stderr, "render %.2f ms\n", ms);
        app.quit();
      }
      view.update();
    });
  }
  return app.exec();
}
