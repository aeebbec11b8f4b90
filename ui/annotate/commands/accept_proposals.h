#pragma once

#include "annotate/annotation_document.h"

#include <QUndoCommand>
#include <QVector>

namespace crowdkd::ui {

/// Makes proposed heads real heads in one step: they leave the proposals and are appended to the
/// heads, selected; undo takes them back and shows them as proposals again. The proposals are
/// kept by value: rejecting or proposing again (not undo steps) changes the list between undo
/// and redo.
class AcceptProposalsCommand : public QUndoCommand {
public:
    AcceptProposalsCommand(AnnotationDocument* document, const QVector<int>& proposalIndices);
    void redo() override;
    void undo() override;

private:
    AnnotationDocument* m_document;
    QVector<int> m_proposalIndices;    // sorted, unique: where they stood when accepted
    QVector<ProposedHead> m_proposals; // what they were
    QVector<int> m_headIndices;        // where they went among the heads
};

} // namespace crowdkd::ui
