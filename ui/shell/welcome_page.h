#pragma once

#include <QWidget>

class QLabel;
class QListWidget;
class QPushButton;

namespace crowdkd::ui {

/// The first page a user sees: open a dataset, one of the recent ones, or the bundled sample.
class WelcomePage : public QWidget {
    Q_OBJECT

public:
    explicit WelcomePage(QWidget* parent = nullptr);

    void setRecentDatasets(const QStringList& paths);
    void setSampleAvailable(bool available);

signals:
    void openDatasetRequested();
    void openSampleRequested();
    void openRecentRequested(const QString& path);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    void updateHintColour();

    QLabel* m_title;
    QLabel* m_subtitle;
    QPushButton* m_openButton;
    QPushButton* m_sampleButton;
    QLabel* m_recentTitle;
    QListWidget* m_recentList;
    QLabel* m_hint;
};

} // namespace crowdkd::ui
