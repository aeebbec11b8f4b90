#include "main_window.h"

namespace crowdkd::ui {

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
{
    setWindowTitle(tr("CrowdKD Studio"));
    resize(1280, 800);
}

} // namespace crowdkd::ui
