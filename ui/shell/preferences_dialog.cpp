#include "shell/preferences_dialog.h"

#include "common/settings_keys.h"
#include "shell/language.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QSpinBox>

namespace crowdkd::ui {

PreferencesDialog::PreferencesDialog(QWidget* parent)
    : QDialog(parent)
    , m_autosave(new QSpinBox(this))
    , m_saveOnSwitch(new QCheckBox(this))
    , m_language(new QComboBox(this)) {
    setWindowTitle(tr("Preferences"));
    m_autosave->setRange(0, settings::kMaxAutosaveSeconds);
    m_autosave->setSingleStep(15);
    m_autosave->setSuffix(tr(" s"));
    m_autosave->setSpecialValueText(tr("Off"));
    m_saveOnSwitch->setText(tr("Save into the dataset without asking when switching images"));
    for (const QString& code : availableLanguages())
        m_language->addItem(languageName(code), code);

    auto* form = new QFormLayout;
    form->addRow(tr("Autosave unsaved edits every"), m_autosave);
    form->addRow(QString(), m_saveOnSwitch);
    form->addRow(tr("Language"), m_language);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(buttons);
}

void PreferencesDialog::setAutosaveSeconds(int seconds) {
    m_autosave->setValue(seconds);
}

int PreferencesDialog::autosaveSeconds() const {
    return m_autosave->value();
}

void PreferencesDialog::setSaveOnSwitch(bool save) {
    m_saveOnSwitch->setChecked(save);
}

bool PreferencesDialog::saveOnSwitch() const {
    return m_saveOnSwitch->isChecked();
}

void PreferencesDialog::setLanguage(const QString& code) {
    m_language->setCurrentIndex(std::max(0, m_language->findData(code)));
}

QString PreferencesDialog::language() const {
    return m_language->currentData().toString();
}

} // namespace crowdkd::ui
