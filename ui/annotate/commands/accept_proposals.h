#pragma once

#include "annotate/annotation_document.h"

#include <QUndoCommand>
#include <QVector>

namespace crowdkd::ui {

/// Makes proposed heads real heads in one step: they leave the proposals and are appended to the
/// heads, selected; undo takes them back and shows them as proposals again.
class AcceptProposalsCommand : public QUndoCommand {
public:
    AcceptProposalsCommand(AnnotationDocument* document, const QVector<int>& proposalIndices);
    void redo() override;
    void undo() override;

private:
    AnnotationDocument* m_document;
    QVector<int> m_proposalIndices; // sorted, unique
    QVector<ProposedHead> m_proposals;
    QVector<int> m_headIndices; // where they went among the heads
};

} // namespace crowdkd::ui
