#pragma once

#include <QDialog>

class QCheckBox;
class QComboBox;
class QSpinBox;

namespace crowdkd::ui {

/// Studio preferences: autosave interval, saving when switching images, language.
class PreferencesDialog : public QDialog {
    Q_OBJECT

public:
    explicit PreferencesDialog(QWidget* parent = nullptr);

    void setAutosaveSeconds(int seconds);
    int autosaveSeconds() const;
    void setSaveOnSwitch(bool save);
    bool saveOnSwitch() const;
    void setLanguage(const QString& code);
    QString language() const;

private:
    QSpinBox* m_autosave;
    QCheckBox* m_saveOnSwitch;
    QComboBox* m_language;
};

} // namespace crowdkd::ui
