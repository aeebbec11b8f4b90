#pragma once

#include <QMainWindow>

namespace crowdkd::ui {

/// The studio's main window: workspaces, menus, toolbar and status bar.
class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    explicit MainWindow(QWidget* parent = nullptr);
};

} // namespace crowdkd::ui
