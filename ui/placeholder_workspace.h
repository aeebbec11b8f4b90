#pragma once

#include <QWidget>

class QLabel;

namespace crowdkd::ui {

/// A workspace not built yet (Train, Compare, Count): a clear page saying what it will hold.
class PlaceholderWorkspace : public QWidget {
    Q_OBJECT

public:
    enum class Kind { Train, Compare, Count };

    explicit PlaceholderWorkspace(Kind kind, QWidget* parent = nullptr);

    Kind kind() const { return m_kind; }

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();

    Kind m_kind;
    QLabel* m_icon;
    QLabel* m_title;
    QLabel* m_text;
};

} // namespace crowdkd::ui
