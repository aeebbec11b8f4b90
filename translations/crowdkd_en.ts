<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>AnnotationCommands</name>
    <message numerus="yes">
        <source>Move %n head(s)</source>
        <translation>
            <numerusform>Move %n head</numerusform>
            <numerusform>Move %n heads</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Remove %n head(s)</source>
        <translation>
            <numerusform>Remove %n head</numerusform>
            <numerusform>Remove %n heads</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Accept %n proposed head(s)</source>
        <translation>
            <numerusform>Accept %n proposed head</numerusform>
            <numerusform>Accept %n proposed heads</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>crowdkd::ui::AnnotateWorkspace</name>
    <message numerus="yes">
        <source>Unsaved edits of %1 from %2 were kept (%n head(s)). Recover them?</source>
        <translation>
            <numerusform>Unsaved edits of %1 from %2 were kept (%n head). Recover them?</numerusform>
            <numerusform>Unsaved edits of %1 from %2 were kept (%n heads). Recover them?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>CrowdKD Studio did not close normally. Unsaved head annotations of %n image(s) were kept: %1.</source>
        <translation>
            <numerusform>CrowdKD Studio did not close normally. Unsaved head annotations of %n image were kept: %1.</numerusform>
            <numerusform>CrowdKD Studio did not close normally. Unsaved head annotations of %n images were kept: %1.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n proposal(s) left</source>
        <translation>
            <numerusform>%n proposal left</numerusform>
            <numerusform>%n proposals left</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>≈%n click(s) saved</source>
        <translation>
            <numerusform>≈%n click saved</numerusform>
            <numerusform>≈%n clicks saved</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>crowdkd::ui::CountWorkspace</name>
    <message numerus="yes">
        <source>%n image(s) counted</source>
        <translation>
            <numerusform>%n image counted</numerusform>
            <numerusform>%n images counted</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n failed</source>
        <comment>images that could not be counted</comment>
        <translation>
            <numerusform>%n failed</numerusform>
            <numerusform>%n failed</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln training step(s) in %1 hours on a CPU.</source>
        <translation>
            <numerusform>%Ln training step in %1 hours on a CPU.</numerusform>
            <numerusform>%Ln training steps in %1 hours on a CPU.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>crowdkd::ui::DatasetModel</name>
    <message numerus="yes">
        <source>%n head(s)</source>
        <translation>
            <numerusform>%n head</numerusform>
            <numerusform>%n heads</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n head(s) outside the image (left out of density maps)</source>
        <translation>
            <numerusform>%n head outside the image (left out of density maps)</numerusform>
            <numerusform>%n heads outside the image (left out of density maps)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>crowdkd::ui::DatasetWorkspace</name>
    <message numerus="yes">
        <source>%1 (%n image(s))</source>
        <translation>
            <numerusform>%1 (%n image)</numerusform>
            <numerusform>%1 (%n images)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>crowdkd::ui::ExperimentPanel</name>
    <message numerus="yes">
        <source>Experiment in %1: %n KD run(s).</source>
        <translation>
            <numerusform>Experiment in %1: %n KD run.</numerusform>
            <numerusform>Experiment in %1: %n KD runs.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>crowdkd::ui::MainWindow</name>
    <message numerus="yes">
        <source>%n head(s)</source>
        <translation>
            <numerusform>%n head</numerusform>
            <numerusform>%n heads</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>crowdkd::ui::ProposalPanel</name>
    <message numerus="yes">
        <source>%n proposal(s) left</source>
        <translation>
            <numerusform>%n proposal left</numerusform>
            <numerusform>%n proposals left</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n unsure</source>
        <translation>
            <numerusform>%n unsure</numerusform>
            <numerusform>%n unsure</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Accepted %n, </source>
        <translation>
            <numerusform>Accepted %n, </numerusform>
            <numerusform>Accepted %n, </numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>≈%n click(s) saved.</source>
        <translation>
            <numerusform>≈%n click saved.</numerusform>
            <numerusform>≈%n clicks saved.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>crowdkd::ui::TrainWorkspace</name>
    <message numerus="yes">
        <source> epoch(s)</source>
        <translation>
            <numerusform> epoch</numerusform>
            <numerusform> epochs</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1
Status: %2, %3 of %n epoch(s)</source>
        <translation>
            <numerusform>%1
Status: %2, %3 of %n epoch</numerusform>
            <numerusform>%1
Status: %2, %3 of %n epochs</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n training image(s)</source>
        <translation>
            <numerusform>%n training image</numerusform>
            <numerusform>%n training images</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n validation image(s)</source>
        <translation>
            <numerusform>%n validation image</numerusform>
            <numerusform>%n validation images</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln parameter(s)</source>
        <translation>
            <numerusform>%Ln parameter</numerusform>
            <numerusform>%Ln parameters</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Epoch %1: validation MAE %2, RMSE %3 on %n image(s)%4</source>
        <translation>
            <numerusform>Epoch %1: validation MAE %2, RMSE %3 on %n image%4</numerusform>
            <numerusform>Epoch %1: validation MAE %2, RMSE %3 on %n images%4</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;%1&lt;/b&gt; — best validation MAE &lt;b&gt;%2&lt;/b&gt;, RMSE &lt;b&gt;%3&lt;/b&gt; (epoch %4) · weights %5 MB · %n epoch(s) in %6</source>
        <translation>
            <numerusform>&lt;b&gt;%1&lt;/b&gt; — best validation MAE &lt;b&gt;%2&lt;/b&gt;, RMSE &lt;b&gt;%3&lt;/b&gt; (epoch %4) · weights %5 MB · %n epoch in %6</numerusform>
            <numerusform>&lt;b&gt;%1&lt;/b&gt; — best validation MAE &lt;b&gt;%2&lt;/b&gt;, RMSE &lt;b&gt;%3&lt;/b&gt; (epoch %4) · weights %5 MB · %n epochs in %6</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Learning from %n unlabeled image(s) through the teacher alone.</source>
        <translation>
            <numerusform>Learning from %n unlabeled image through the teacher alone.</numerusform>
            <numerusform>Learning from %n unlabeled images through the teacher alone.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>crowdkd::ui::TrainingSession</name>
    <message numerus="yes">
        <source>Joining the other %n training process(es) as rank %1 (%2, rendezvous %3)</source>
        <translation>
            <numerusform>Joining the other %n training process as rank %1 (%2, rendezvous %3)</numerusform>
            <numerusform>Joining the other %n training processes as rank %1 (%2, rendezvous %3)</numerusform>
        </translation>
    </message>
</context>
</TS>
